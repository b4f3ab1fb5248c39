"""An exam's rules over the API, the same as on its pages (issue 16, point 5): the navigator, any
question by number with the answer given so far, answers in any order and replaced until submitted
(score recomputed), flags, and no feedback until the exam is over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.quizzes.models import Answer, Attempt
from tests.api.helpers import assert_error, client_for
from tests.factories import right_answer, wrong_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(learner):
    return client_for(learner)


def started(api, quiz) -> int:
    response = api.post(f"/api/v1/quizzes/{quiz.slug}/attempts/")
    assert response.status_code == 201
    return response.json()["id"]


def answer(api, attempt_id: int, data: dict):
    return api.post(f"/api/v1/attempts/{attempt_id}/answer/", data, format="json")


def test_the_navigator_says_what_is_answered_flagged_and_open(api, exam_quiz, six_types):
    attempt = started(api, exam_quiz)
    assert answer(api, attempt, right_answer(six_types[3])).status_code == 201  # out of order
    flagged = api.post(f"/api/v1/attempts/{attempt}/flag/", {"question": six_types[1].pk, "flagged": True})
    assert flagged.status_code == 200
    body = api.get(f"/api/v1/attempts/{attempt}/questions/").json()
    assert (body["answered"], body["total"], body["unanswered"], body["flagged"]) == (1, 6, [1, 2, 3, 5, 6], [2])
    assert [(i["number"], i["question"], i["answered"], i["flagged"]) for i in body["items"][:4]] == [
        (1, six_types[0].pk, False, False), (2, six_types[1].pk, False, True),
        (3, six_types[2].pk, False, False), (4, six_types[3].pk, True, False),
    ]  # fmt: skip
    state = api.get(f"/api/v1/attempts/{attempt}/").json()
    assert state["flagged"] == [six_types[1].pk] and state["current_question"] == six_types[0].pk
    current = api.get(f"/api/v1/attempts/{attempt}/current/").json()
    assert current["number"] == 1 and current["question"]["id"] == six_types[0].pk


def test_an_answer_is_replaced_until_the_exam_is_over_and_the_score_follows(api, exam_quiz, six_types):
    attempt = started(api, exam_quiz)
    first = six_types[0]
    created = answer(api, attempt, wrong_answer(first))
    assert created.status_code == 201 and created.json()["feedback"] is None
    page = api.get(f"/api/v1/attempts/{attempt}/questions/1/").json()
    assert page["answered"] is True and page["response"] == wrong_answer(first)["choice"]
    assert page["question"]["answer_key"] is None  # an open exam tells nothing
    changed = answer(api, attempt, right_answer(first))
    assert changed.status_code == 200 and changed.json()["feedback"] is None
    assert changed.json()["attempt"]["score"] == 1 and changed.json()["attempt"]["answered"] == 1
    assert Answer.objects.get().is_correct is True
    api.post(f"/api/v1/attempts/{attempt}/finish/")
    again = answer(api, attempt, wrong_answer(first))
    assert again.status_code == 200 and again.json()["feedback"]["correct"] is True  # the stored one, now shown
    assert Attempt.objects.get(pk=attempt).score == 1
    assert_error(api.get(f"/api/v1/attempts/{attempt}/questions/1/"), 409)


def test_flags_and_pages_refuse_what_does_not_fit(api, exam_quiz, practice_quiz, six_types, other_learner):
    attempt = started(api, exam_quiz)
    assert_error(api.post(f"/api/v1/attempts/{attempt}/flag/", {"question": 999999, "flagged": True}), 400, "question")
    assert_error(api.post(f"/api/v1/attempts/{attempt}/flag/", {"question": six_types[0].pk}), 400, "flagged")
    assert_error(api.get(f"/api/v1/attempts/{attempt}/questions/7/"), 404)
    assert_error(client_for(other_learner).get(f"/api/v1/attempts/{attempt}/questions/"), 404)
    practice = started(api, practice_quiz)
    assert_error(api.get(f"/api/v1/attempts/{practice}/questions/2/"), 409)
    flag = {"question": six_types[0].pk, "flagged": True}
    assert_error(api.post(f"/api/v1/attempts/{practice}/flag/", flag), 409)
    Attempt.objects.filter(pk=attempt).update(deadline=timezone.now() - timedelta(seconds=1))
    body = assert_error(api.post(f"/api/v1/attempts/{attempt}/flag/", flag), 409)
    assert "Time is up" in body["error"] and Attempt.objects.get(pk=attempt).flagged_ids == []


def test_results_wait_for_submission_even_with_every_question_answered(api, exam_quiz, six_types):
    attempt = started(api, exam_quiz)
    for question in reversed(six_types):
        answer(api, attempt, right_answer(question))
    assert api.get(f"/api/v1/attempts/{attempt}/").json()["state"] == "open"
    assert_error(api.get(f"/api/v1/attempts/{attempt}/results/"), 409)
    assert_error(api.get(f"/api/v1/attempts/{attempt}/current/"), 409)  # nothing left unanswered
    assert_error(api.post(f"/api/v1/attempts/{attempt}/retry/"), 409)
    api.post(f"/api/v1/attempts/{attempt}/finish/")
    assert api.get(f"/api/v1/attempts/{attempt}/results/").json()["attempt"]["percent"] == 100
