from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.accounts.models import Learner
from quizapp.library.models import Question, QuestionType
from quizapp.quizzes.models import Answer, Attempt
from quizapp.quizzes.versions import current_version
from quizapp.stats.models import ItemStatistic
from tests.factories import curated, make_question, right_answer, wrong_answer

HX = {"HTTP_HX_REQUEST": "true"}


def start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.slug}/start/")
    assert response.status_code == 302
    return Attempt.objects.latest("pk")


def test_start_is_post_only_and_get_writes_nothing(client, practice_quiz):
    assert client.get(f"/quizzes/{practice_quiz.slug}/start/").status_code == 405
    page = client.get(f"/quizzes/{practice_quiz.slug}/")
    assert "Start the quiz" in page.content.decode() or "开始" in page.content.decode()
    assert Learner.objects.count() == 0 and Attempt.objects.count() == 0


def test_question_page_full_and_partial(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    full = client.get(f"/attempts/{attempt.pk}/")
    html = full.content.decode()
    assert "<html" in html and 'id="question-card"' in html and six_types[0].prompt in html
    partial = client.get(f"/attempts/{attempt.pk}/", **HX)
    body = partial.content.decode()
    assert "<html" not in body and body.strip().startswith('<article id="question-card"')
    assert "HX-Request" in partial["Vary"]
    for choice in six_types[0].choices.all():
        assert choice.text in body


def test_practice_answer_swaps_in_feedback_with_source(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    question = six_types[0]
    response = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(question), **HX)
    body = response.content.decode()
    assert response.status_code == 200 and "is-wrong" in body
    assert question.explanation in body
    assert question.fact.quote in body and question.fact.source_url() in body
    assert 'class="right missed"' in body  # the right choice is marked, as one the learner did not pick
    assert 'href="/attempts/' in body and "js-next" in body
    answer = Answer.objects.get()
    assert (answer.is_correct, answer.score) == (False, 0)


def test_practice_without_javascript_posts_redirects_and_shows_feedback(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    assert response.status_code == 302 and response["Location"].endswith(f"?after={six_types[0].pk}")
    page = client.get(response["Location"]).content.decode()
    assert "is-correct" in page and six_types[0].explanation in page
    assert six_types[1].prompt in client.get(f"/attempts/{attempt.pk}/").content.decode()


def test_every_type_graded_through_the_page(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    for question in six_types:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    attempt.refresh_from_db()
    assert attempt.position == 6 and attempt.score == 6
    assert list(Answer.objects.values_list("is_correct", flat=True)) == [True] * 6


def test_bad_input_is_422_with_a_message_and_nothing_recorded(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": six_types[0].pk}, **HX)
    assert response.status_code == 422 and "Choose one answer" in response.content.decode()
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": six_types[0].pk, "choice": 999999})
    assert response.status_code == 422 and "does not belong" in response.content.decode()
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": "abc"})
    assert response.status_code == 400 and "not part of this attempt" in response.content.decode()
    assert six_types[0].prompt in response.content.decode()  # the question to answer, shown again
    assert Answer.objects.count() == 0


def test_double_submit_returns_the_same_result_once(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    first = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(six_types[0]), **HX)
    again = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]), **HX)
    assert first.content == again.content
    assert Answer.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.position == 1


def test_exam_mode_holds_feedback_until_results(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    assert attempt.deadline is not None
    response = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(six_types[0]), **HX)
    body = response.content.decode()
    assert "is-wrong" not in body and six_types[1].prompt in body  # straight to the next question
    for question in six_types[1:-1]:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question), **HX)
    last = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[-1]), **HX)
    assert last["HX-Push-Url"] == f"/attempts/{attempt.pk}/submit/"  # the summary: answers may still change
    assert six_types[0].explanation not in last.content.decode()
    submitted = client.post(f"/attempts/{attempt.pk}/finish/", **HX)
    results = client.get(submitted["HX-Redirect"]).content.decode()
    assert "83%" in results and six_types[0].explanation in results


def test_expired_exam_refuses_answers_on_the_server(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]), **HX)
    assert response.status_code == 409 and "Time is up" in response.content.decode()
    assert Answer.objects.count() == 0
    attempt.refresh_from_db()
    assert attempt.finished_at is not None


def test_finished_attempt_refuses_answers(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    client.post(f"/attempts/{attempt.pk}/finish/")
    response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt.pk}/results/"
    assert "finished" in client.get(response["Location"]).content.decode()
    assert Answer.objects.count() == 0


def test_another_learners_attempt_is_404_everywhere(client, practice_quiz, six_types, other_learner):
    from django.test import Client

    attempt = start(client, practice_quiz)
    client = Client()  # another browser: logging in here would adopt this browser's own work instead
    client.force_login(other_learner)
    for url in (f"/attempts/{attempt.pk}/", f"/attempts/{attempt.pk}/results/"):
        assert client.get(url).status_code == 404
    for url in ("answer/", "finish/", "retry/"):
        assert client.post(f"/attempts/{attempt.pk}/{url}", right_answer(six_types[0])).status_code == 404
    assert Answer.objects.count() == 0


def test_resume_after_closing_the_tab(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    home = client.get("/").content.decode()
    assert "Continue where you left off" in home or "继续" in home
    assert six_types[1].prompt in client.get(f"/attempts/{attempt.pk}/").content.decode()


@pytest.mark.parametrize("how", ["signup", "login"])
def test_anonymous_work_moves_to_the_account(client, practice_quiz, six_types, learner, how):
    attempt = start(client, practice_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    if how == "signup":
        response = client.post(
            "/accounts/signup/", {"username": "newbie", "password1": "a-long-pass-9x", "password2": "a-long-pass-9x"}
        )
        assert response.status_code == 302
    else:
        response = client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
        assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.learner.user is not None
    assert Learner.objects.filter(user__isnull=True).count() == 0
    assert client.get(f"/attempts/{attempt.pk}/").status_code == 200


def test_results_list_every_question_and_retry_takes_only_mistakes(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    for i, question in enumerate(six_types):
        client.post(f"/attempts/{attempt.pk}/answer/", (wrong_answer if i in (1, 4) else right_answer)(question))
    page = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    for question in six_types:
        assert question.explanation in page
    assert page.count('class="review-item') == 6 and "67%" in page
    response = client.post(f"/attempts/{attempt.pk}/retry/")
    retry = Attempt.objects.latest("pk")
    assert response["Location"] == f"/attempts/{retry.pk}/"
    assert retry.question_ids == [six_types[1].pk, six_types[4].pk] and retry.retry_of == attempt


def test_results_before_finishing_send_you_back(client, practice_quiz):
    attempt = start(client, practice_quiz)
    assert client.get(f"/attempts/{attempt.pk}/results/")["Location"] == f"/attempts/{attempt.pk}/"


def _quiz_of(n, questions):
    from quizapp.library.models import Question

    pool = list(questions) + [
        Question.objects.create(
            fact=questions[0].fact,
            type="true_false",
            prompt=f"陈述{i}",
            explanation="因为",
            status="published",
            answer_bool=True,
        )  # noqa: E501
        for i in range(n - len(questions))
    ]
    return curated(pool, slug=f"size-{n}")


def test_query_counts_do_not_grow_with_quiz_length(client, six_types, django_assert_num_queries):
    counts = []
    current_version(Question.objects.prefetch_related("choices").get(pk=six_types[0].pk))  # as after any answer
    for n in (6, 40):
        quiz = _quiz_of(n, six_types)
        attempt = start(client, quiz)
        client.get(f"/attempts/{attempt.pk}/")  # warm the session and the question's card (quizzes/cards.py)
        # one statement (quizzes/fetch.py): the attempt (owned via the session's learner id) with which of its
        # questions are still live and their content versions; the question and its choices come from the card cache
        with django_assert_num_queries(1) as ctx:
            client.get(f"/attempts/{attempt.pk}/", **HX)
        get_count = len(ctx.captured_queries)
        data = right_answer(six_types[0])
        # attempt (with whether an exam of the learner's is open: none, so no second look), question,
        # choices, the version holding the question's content (quizzes/versions.py; a server that has
        # seen it skips this, a test transaction cannot), the savepoint pair, insert, the item statistics
        # marked stale (one UPDATE … RETURNING, and this first answer's new row), the count moved (RETURNING)
        ItemStatistic.objects.all().delete()  # each round's answer is the question's first
        with django_assert_num_queries(10) as ctx:
            client.post(f"/attempts/{attempt.pk}/answer/", data, **HX)
        counts.append((get_count, len(ctx.captured_queries)))
    assert counts[0] == counts[1], counts


def test_csrf_is_required_on_answer(practice_quiz, six_types):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.get(f"/quizzes/{practice_quiz.slug}/")
    assert strict.post(f"/quizzes/{practice_quiz.slug}/start/").status_code == 403


def test_the_grading_note_shows_after_answering_and_on_the_results_in_the_readers_language(client, six_types):
    cloze = make_question(six_types[0].fact, QuestionType.CLOZE, prompt="{{c1::韩歆毅}}于{{c2::2025年3月}}接任")
    attempt = start(client, curated([cloze]))
    card = client.post(f"/attempts/{attempt.pk}/answer/", {"question": cloze.pk, "blank": ["韩歆毅", "2024"]}, **HX)
    assert "1 of 2 blanks right." in card.content.decode()
    assert Answer.objects.get().note == {"key": "blanks", "right": 1, "total": 2}  # kept, in no one language
    assert "1 of 2 blanks right." in client.get(f"/attempts/{attempt.pk}/?after={cloze.pk}").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "2 个空中答对 1 个。" in client.get(f"/attempts/{attempt.pk}/results/").content.decode()


def test_true_false_options_read_对_and_错_once_in_chinese(client, six_types):
    attempt = start(client, curated([six_types[2]]))
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    card = client.get(f"/attempts/{attempt.pk}/", **HX).content.decode()
    assert "对 · 对" not in card and "错 · 错" not in card
    assert '<span class="key" aria-hidden="true">1</span> 对</label>' in card
