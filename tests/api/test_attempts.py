from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from quizapp.library.models import Question, QuestionType
from quizapp.quizzes.models import Answer, Attempt, Mode
from quizapp.quizzes.versions import current_version
from tests.api.helpers import assert_error
from tests.factories import curated, right_answer, wrong_answer

pytestmark = pytest.mark.django_db


def start(client, quiz) -> dict:
    response = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/")
    assert response.status_code == 201, response.content
    return response.json()


def answer(client, attempt_id: int, data: dict, fmt: str = "json"):
    return client.post(f"/api/v1/attempts/{attempt_id}/answer/", data, format=fmt)


def test_start_by_quiz_url_or_by_slug_gives_an_open_attempt(as_learner, practice_quiz, learner):
    by_url = start(as_learner, practice_quiz)
    by_body = as_learner.post("/api/v1/attempts/", {"quiz": practice_quiz.slug}, format="json")
    assert by_body.status_code == 201
    assert by_body["Location"].endswith(f"/api/v1/attempts/{by_body.json()['id']}/")
    for body in (by_url, by_body.json()):
        assert body["state"] == "open" and body["total"] == 6 and body["answered"] == 0
        assert body["quiz"] == practice_quiz.slug and body["passed"] is None
    assert Attempt.objects.filter(learner__user=learner).count() == 2


def test_start_needs_a_known_quiz_with_questions(as_learner, db):
    assert_error(as_learner.post("/api/v1/attempts/", {"quiz": "nope"}, format="json"), 400, "quiz")
    assert_error(as_learner.post("/api/v1/attempts/", {}, format="json"), 400, "quiz")
    assert_error(as_learner.post("/api/v1/attempts/", {"quiz": "a b/c"}, format="json"), 400, "quiz")
    assert_error(as_learner.post("/api/v1/quizzes/nope/attempts/"), 404)
    empty = curated([], slug="empty")
    body = assert_error(as_learner.post(f"/api/v1/quizzes/{empty.slug}/attempts/"), 409)
    assert "no published questions" in body["error"]


def test_current_question_hides_the_answer(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    response = as_learner.get(f"/api/v1/attempts/{attempt['id']}/current/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1 and body["total"] == 6
    question = body["question"]
    assert question["id"] == six_types[0].pk
    assert question["answer_key"] is None and question["revealed"] is False
    assert [set(c) for c in question["choices"]] == [{"id", "text"}] * 4


def test_every_type_is_graded_right_and_wrong(as_learner, six_types):
    for index, make in enumerate((right_answer, wrong_answer)):
        attempt = start(as_learner, curated(six_types, slug=f"q{index}"))
        for question in six_types:
            response = answer(as_learner, attempt["id"], make(question))
            assert response.status_code == 201, response.content
            feedback = response.json()["feedback"]
            assert feedback["correct"] is (make is right_answer), (question.type, feedback)
        assert Attempt.objects.get(pk=attempt["id"]).score == (6 if make is right_answer else 0)


def test_practice_answer_returns_feedback_with_the_source(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    response = answer(as_learner, attempt["id"], wrong_answer(six_types[0]))
    body = response.json()
    feedback = body["feedback"]
    assert feedback["correct"] is False and feedback["expected"] == "211.9亿元"
    assert feedback["explanation"] == six_types[0].explanation
    fact = six_types[0].fact
    assert feedback["source"]["quote"] == fact.quote
    assert feedback["source"]["url"] == f"http://testserver/articles/{fact.article_id}/?hl={fact.pk}#p{fact.paragraph}"
    picked = [c for c in feedback["choices"] if c["picked"]]
    assert len(picked) == 1 and picked[0]["correct"] is False
    assert body["your_answer"] == picked[0]["text"]
    assert body["attempt"]["answered"] == 1 and body["attempt"]["current_question"] == six_types[1].pk


def test_the_browser_form_shape_works_too(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    url = f"/api/v1/attempts/{attempt['id']}/answer/"
    multipart = as_learner.post(url, right_answer(six_types[0]), format="multipart")
    assert_error(multipart, 415)  # JSON or a urlencoded form, as the browser posts it
    for question in six_types[:2]:
        form = right_answer(question)
        pairs = [("question", form["question"])]
        pairs += [("choice", form["choice"])] if "choice" in form else [("choices", pk) for pk in form["choices"]]
        encoded = "&".join(f"{key}={value}" for key, value in pairs)
        response = as_learner.generic("POST", url, encoded, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 201, response.content
        assert response.json()["feedback"]["correct"] is True


def test_double_submit_returns_the_stored_answer_once(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    first = answer(as_learner, attempt["id"], right_answer(six_types[0]))
    again = answer(as_learner, attempt["id"], wrong_answer(six_types[0]))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["response"] == first.json()["response"]
    assert again.json()["feedback"]["correct"] is True
    assert Answer.objects.filter(attempt_id=attempt["id"]).count() == 1
    assert Attempt.objects.get(pk=attempt["id"]).position == 1


def test_bad_responses_are_400_keyed_by_the_field(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    url = f"/api/v1/attempts/{attempt['id']}/answer/"
    q = six_types[0]
    assert_error(as_learner.post(url, {"question": q.pk}, format="json"), 400, "choice")
    assert_error(as_learner.post(url, {"question": q.pk, "choice": 999999}, format="json"), 400, "choice")
    assert_error(as_learner.post(url, {"question": q.pk, "choice": "x"}, format="json"), 400, "choice")
    assert_error(as_learner.post(url, {"question": 10**30, "choice": 1}, format="json"), 400, "question")
    assert_error(as_learner.post(url, {"choice": 1}, format="json"), 400, "question")
    body = assert_error(as_learner.post(url, {"question": six_types[3].pk + 1000}, format="json"), 400, "question")
    assert "not part of this attempt" in body["fields"]["question"][0]
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (QuestionType.MULTIPLE_RESPONSE, {"choices": []}, "choices"),
        (QuestionType.TRUE_FALSE, {"answer": "maybe"}, "answer"),
        (QuestionType.CLOZE, {"blank": ["a", "b"]}, "blank"),
        (QuestionType.SHORT_ANSWER, {"text": "   "}, "text"),
        (QuestionType.NUMERIC, {"text": "很多"}, "text"),
    ],
)
def test_each_type_says_what_is_missing(as_learner, six_types, kind, data, field):
    question = next(q for q in six_types if q.type == kind)
    attempt = start(as_learner, curated([question]))
    assert_error(answer(as_learner, attempt["id"], {"question": question.pk, **data}), 400, field)


def test_finished_attempt_refuses_new_answers_with_409(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    answer(as_learner, attempt["id"], right_answer(six_types[0]))
    finished = as_learner.post(f"/api/v1/attempts/{attempt['id']}/finish/")
    assert finished.status_code == 200 and finished.json()["state"] == "finished"
    body = assert_error(answer(as_learner, attempt["id"], right_answer(six_types[1])), 409)
    assert "finished" in body["error"]
    assert answer(as_learner, attempt["id"], right_answer(six_types[0])).status_code == 200  # the stored one
    assert_error(as_learner.get(f"/api/v1/attempts/{attempt['id']}/current/"), 409)


def test_expired_exam_refuses_answers_and_closes(as_learner, six_types):
    quiz = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=10)
    attempt = start(as_learner, quiz)
    Attempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    body = assert_error(answer(as_learner, attempt["id"], right_answer(six_types[0])), 409)
    assert "Time is up" in body["error"]
    assert Attempt.objects.get(pk=attempt["id"]).finished_at is not None


def test_exam_holds_feedback_until_it_is_over(as_learner, six_types):
    quiz = curated(six_types[:2], mode=Mode.EXAM, slug="exam")
    attempt = start(as_learner, quiz)
    first = answer(as_learner, attempt["id"], wrong_answer(six_types[0])).json()
    assert first["feedback"] is None and first["attempt"]["state"] == "open"
    assert as_learner.get(f"/api/v1/questions/{six_types[0].pk}/").json()["answer_key"] is None
    assert_error(as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/"), 409)
    last = answer(as_learner, attempt["id"], right_answer(six_types[1])).json()
    assert last["attempt"]["state"] == "open" and last["feedback"] is None  # answers may change until submitted
    assert_error(as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/"), 409)
    as_learner.post(f"/api/v1/attempts/{attempt['id']}/finish/")
    assert as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/").json()["rows"][1]["correct"] is True
    assert as_learner.get(f"/api/v1/questions/{six_types[0].pk}/").json()["answer_key"] is not None


def test_results_show_every_question_answer_and_source(as_learner, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    answer(as_learner, attempt["id"], right_answer(six_types[0]))
    answer(as_learner, attempt["id"], wrong_answer(six_types[1]))
    as_learner.post(f"/api/v1/attempts/{attempt['id']}/finish/")
    response = as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/")
    assert response.status_code == 200
    body = response.json()
    assert body["attempt"]["state"] == "finished" and body["attempt"]["passed"] is False
    assert [row["question"] for row in body["rows"]] == [q.pk for q in six_types]
    assert [row["correct"] for row in body["rows"]] == [True, False, False, False, False, False]
    assert [row["answered"] for row in body["rows"]] == [True, True, False, False, False, False]
    assert body["wrong_count"] == 5
    assert [row["note"] for row in body["rows"][:2]] == ["", "0 of 2 correct choices ticked, 1 wrong."]
    cloze = body["rows"][3]
    assert cloze["prompt"] == "2023年研发投入211.9亿元。" and cloze["expected"] == "211.9亿元"
    assert cloze["your_answer"] == "—" and cloze["response"] is None
    for row in body["rows"]:
        assert row["explanation"] and row["source"]["quote"] == six_types[0].fact.quote
        assert row["source"]["url"].startswith("http://testserver/articles/")


def test_results_before_finishing_are_409(as_learner, practice_quiz):
    attempt = start(as_learner, practice_quiz)
    body = assert_error(as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/"), 409)
    assert "Finish" in body["error"]


def test_another_learners_attempt_is_404_everywhere(as_learner, as_other, api, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)
    base = f"/api/v1/attempts/{attempt['id']}/"
    for client in (as_other, api):
        for response in (
            client.get(base),
            client.get(base + "current/"),
            client.get(base + "results/"),
            client.post(base + "finish/"),
            answer(client, attempt["id"], right_answer(six_types[0])),
        ):
            assert_error(response, 404)
        assert client.get("/api/v1/attempts/").json()["count"] == 0
    assert Attempt.objects.get(pk=attempt["id"]).finished_at is None
    assert not Answer.objects.exists()


def test_my_attempts_are_listed_newest_first(as_learner, practice_quiz):
    first, second = start(as_learner, practice_quiz), start(as_learner, practice_quiz)
    body = as_learner.get("/api/v1/attempts/").json()
    assert body["count"] == 2 and [a["id"] for a in body["results"]] == [second["id"], first["id"]]


def test_anonymous_learner_uses_the_session_cookie_with_csrf(practice_quiz, six_types):
    browser = APIClient(enforce_csrf_checks=True)
    attempt = start(browser, practice_quiz)  # no cookie yet: nothing to forge
    assert browser.cookies["sessionid"].value
    forged = answer(browser, attempt["id"], right_answer(six_types[0]))
    body = assert_error(forged, 403)
    assert "CSRF" in body["error"]
    token = browser.get("/api/v1/auth/csrf/").json()["csrf_token"]
    ok = browser.post(
        f"/api/v1/attempts/{attempt['id']}/answer/", right_answer(six_types[0]), format="json", HTTP_X_CSRFTOKEN=token
    )
    assert ok.status_code == 201
    assert browser.get(f"/api/v1/attempts/{attempt['id']}/").json()["answered"] == 1
    assert Attempt.objects.get(pk=attempt["id"]).learner.user is None


def test_answering_costs_a_fixed_number_of_queries(as_learner, practice_quiz, six_types, django_assert_num_queries):
    attempt = start(as_learner, practice_quiz)
    data = right_answer(six_types[0])
    current_version(Question.objects.prefetch_related("choices").get(pk=six_types[0].pk))  # as after any answer
    # token, learner, attempt (with whether an exam of the learner's is open: none, so no second look),
    # question + choices + tags, the version holding its content (a server that has seen it skips this; a
    # test transaction cannot), savepoint, insert, the item statistics marked stale (one UPDATE …
    # RETURNING, and the new row of a question's first answer), the position moved and read back in one
    # statement, release: the same for any number of choices or questions. (Whether it was answered
    # before follows from the position, since answers go in order: no query.)
    with django_assert_num_queries(13):
        assert answer(as_learner, attempt["id"], data).status_code == 201


def test_results_cost_a_fixed_number_of_queries(as_learner, six_types, django_assert_num_queries):
    attempt = start(as_learner, curated(six_types))
    as_learner.post(f"/api/v1/attempts/{attempt['id']}/finish/")
    # token, learner, attempt, answers, questions with facts and articles, choices: not one per row.
    # And the learner's open exams: results that would answer one of their questions wait.
    with django_assert_num_queries(7):
        assert len(as_learner.get(f"/api/v1/attempts/{attempt['id']}/results/").json()["rows"]) == 6


def test_retry_my_mistakes_starts_an_attempt_with_only_those(as_learner, as_other, practice_quiz, six_types):
    attempt = start(as_learner, practice_quiz)["id"]
    assert_error(as_learner.post(f"/api/v1/attempts/{attempt}/retry/"), 409)  # not finished yet
    for i, question in enumerate(six_types):
        answer(as_learner, attempt, (wrong_answer if i in (2, 5) else right_answer)(question))
    assert_error(as_other.post(f"/api/v1/attempts/{attempt}/retry/"), 404)
    response = as_learner.post(f"/api/v1/attempts/{attempt}/retry/")
    assert response.status_code == 201
    retry = Attempt.objects.get(pk=response.json()["id"])
    assert retry.question_ids == [six_types[2].pk, six_types[5].pk] and retry.retry_of_id == attempt
    assert response["Location"].endswith(f"/api/v1/attempts/{retry.pk}/")
    for question in (six_types[2], six_types[5]):
        answer(as_learner, retry.pk, right_answer(question))
    body = assert_error(as_learner.post(f"/api/v1/attempts/{retry.pk}/retry/"), 409)
    assert "No mistakes" in body["error"]
