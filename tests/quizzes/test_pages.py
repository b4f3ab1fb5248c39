from __future__ import annotations

from quizapp.quizzes.models import Attempt, Quiz
from tests.factories import right_answer, wrong_answer


def test_every_article_gets_a_quiz_and_home_lists_them(client, bank):
    assert Quiz.objects.filter(is_automatic=True, article__isnull=False).count() == 5
    html = client.get("/").content.decode()
    for article in bank.values():
        assert article.title in html
    assert "mixed-exam" in html and "Not tried yet" in html


def test_article_quiz_draws_ten_published_questions_from_its_article(client, bank):
    article = bank["003_17b458d034213ccd.txt"]
    quiz = Quiz.objects.get(article=article)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    assert len(attempt.question_ids) == 10 == len(set(attempt.question_ids))
    assert set(quiz.pool().filter(pk__in=attempt.question_ids).values_list("fact__article", flat=True)) == {article.pk}


def test_home_shows_progress_after_an_attempt(client, practice_quiz, six_types):
    client.post(f"/quizzes/{practice_quiz.slug}/start/")
    attempt = Attempt.objects.get()
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    html = client.get("/").content.decode()
    assert "1 attempt" in html and f"/attempts/{attempt.pk}/" in html


def test_dashboard_draws_accuracy_and_lists_weakest_facts(client, practice_quiz, six_types):
    client.post(f"/quizzes/{practice_quiz.slug}/start/")
    attempt = Attempt.objects.get()
    client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(six_types[0]))
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[1]))
    html = client.get("/me/").content.decode()
    assert "<svg" in html and "<polyline" in html and "50%" in html
    assert six_types[0].fact.quote[:20] in html and "1 wrong of 2" in html


def test_dashboard_empty_state(client, db):
    html = client.get("/me/").content.decode()
    assert "No attempts yet" in html and "<svg" not in html


def test_login_is_throttled_after_repeated_failures(client, learner):
    for _ in range(5):
        assert client.post("/accounts/login/", {"username": "lee", "password": "wrong"}).status_code == 200
    blocked = client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
    assert blocked.status_code == 429 and "Too many failed log-ins" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_signup_errors_are_422_with_messages(client, db):
    response = client.post("/accounts/signup/", {"username": "x", "password1": "a", "password2": "b"})
    assert response.status_code == 422 and 'class="form-error"' in response.content.decode()


def test_logout_is_post_only(client, learner):
    client.force_login(learner)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
