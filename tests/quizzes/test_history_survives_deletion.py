"""Nothing learners did is deleted by deleting content (issue 19, point 5): answers, flashcard states and
reviews protect their question; deleting an article or a tag keeps its quizzes (closed) and every attempt."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.utils import timezone

from quizapp.library.models import Article, Fact, Question, Tag
from quizapp.quizzes.automatic import ensure_article_quiz
from quizapp.quizzes.models import Answer, Attempt, Quiz, Rule
from quizapp.study.models import CardState, ReviewLog
from tests.factories import curated, make_fact, make_question, right_answer
from tests.quizzes.test_attempt_flow import start


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "root")


def answer_all(client, quiz) -> Attempt:
    attempt = start(client, quiz)
    for qid in attempt.question_ids:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(Question.objects.get(pk=qid)))
    attempt.refresh_from_db()
    return attempt


def test_a_question_with_answers_cards_or_reviews_cannot_be_deleted(client, learner, db):
    answered_q, carded_q, reviewed_q = make_question(), make_question(), make_question()
    answer_all(client, curated([answered_q]))
    from quizapp.accounts.models import Learner

    someone = Learner.objects.create(session_key="k")
    CardState.objects.create(learner=someone, question=carded_q, due=timezone.now())
    ReviewLog.objects.create(
        learner=someone, question=reviewed_q, rating=3, reviewed_at=timezone.now(), due_after=timezone.now()
    )
    for question in (answered_q, carded_q, reviewed_q):
        with pytest.raises(ProtectedError):
            question.delete()
    assert Answer.objects.count() == CardState.objects.count() == ReviewLog.objects.count() == 1


def test_deleting_a_fact_whose_question_was_answered_shows_the_cannot_delete_page(client, superuser):
    question = make_question()
    attempt = answer_all(client, curated([question]))
    client.force_login(superuser)
    url = f"/admin/library/fact/{question.fact_id}/delete/"
    page = client.get(url)
    # Django's own refusal page (the protected answers, or the question's own delete rule before them).
    assert page.status_code == 200 and "<h1>Cannot delete fact</h1>" in page.content.decode()
    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 200  # the same page again, never a 500
    assert Fact.objects.filter(pk=question.fact_id).exists() and Answer.objects.filter(attempt=attempt).count() == 1


def test_deleting_an_article_whose_questions_were_answered_is_refused_and_keeps_the_attempts(client, superuser):
    question = make_question()
    article = question.fact.article
    attempt = answer_all(client, ensure_article_quiz(article))
    client.force_login(superuser)
    page = client.post(f"/admin/library/article/{article.pk}/delete/", {"post": "yes"})
    assert page.status_code == 200 and "<h1>Cannot delete article</h1>" in page.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()
    assert Attempt.objects.filter(pk=attempt.pk).exists() and Answer.objects.filter(attempt=attempt).count() == 1


def test_deleting_an_article_keeps_its_quiz_closed_and_its_attempts_readable(client, superuser):
    kept = make_question()  # on another article: answered in the same quiz, keeps the attempt's answer
    doomed = make_question(make_fact())
    article = doomed.fact.article
    quiz = ensure_article_quiz(article)
    attempt = start(client, quiz)
    client.post(f"/attempts/{attempt.pk}/finish/")
    mixed = answer_all(client, curated([kept, doomed], slug="mixed"))
    Answer.objects.filter(attempt=mixed, question=doomed).delete()  # the doomed question unanswered

    admin = client.__class__()
    admin.force_login(superuser)
    assert admin.post(f"/admin/library/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    quiz.refresh_from_db()
    assert quiz.article_id is None and quiz.is_closed
    assert Attempt.objects.filter(pk__in=[attempt.pk, mixed.pk]).count() == 2
    assert client.get(f"/attempts/{attempt.pk}/results/").status_code == 200
    results = client.get(f"/attempts/{mixed.pk}/results/")
    assert results.status_code == 200 and kept.prompt in results.content.decode()

    # Closed: not listed, and a start is refused with the reason, on the page and in the API.
    assert quiz.slug not in client.get("/").content.decode()
    assert quiz.slug not in [q["slug"] for q in client.get("/api/v1/quizzes/").json()["results"]]
    refused = client.post(f"/quizzes/{quiz.slug}/start/", follow=True)
    assert "This quiz is closed" in refused.content.decode()
    api = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/")
    assert api.status_code == 409 and "closed" in api.content.decode()
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_deleting_a_tag_keeps_its_quiz_and_every_attempt(client, superuser):
    tag = Tag.objects.create(name="研发")
    question = make_question()
    question.tags.add(tag)
    quiz = Quiz.objects.create(slug="by-tag", title="By tag", rule=Rule.TAG, tag=tag)
    attempt = answer_all(client, quiz)
    admin = client.__class__()
    admin.force_login(superuser)
    assert admin.post(f"/admin/library/tag/{tag.pk}/delete/", {"post": "yes"}).status_code == 302
    quiz.refresh_from_db()
    assert quiz.tag_id is None and quiz.is_closed
    assert Answer.objects.filter(attempt=attempt).count() == 1
    page = client.get(f"/attempts/{attempt.pk}/results/")
    assert page.status_code == 200 and question.prompt in page.content.decode()
    assert client.post(f"/attempts/{attempt.pk}/retry/").status_code == 302
    assert Attempt.objects.filter(quiz=quiz).count() == 1  # no retry of a closed quiz either
