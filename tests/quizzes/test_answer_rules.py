"""The rules for answering, the same through every entry point: the quiz page without JavaScript,
the quiz page through htmx, and the API. Each rule test runs once per path; all three call
Attempt.answer, and these tests hold them to one behaviour."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Answer, Attempt, Mode
from tests.factories import curated, right_answer, wrong_answer

IN_ORDER = "Questions are answered in order: answer question {number} first."
NOT_IN_ATTEMPT = "That question is not part of this attempt."
FINISHED = "This attempt is finished; start a new one to answer again."
TIME_IS_UP = "Time is up: this exam closed at its time limit. Your answers so far are saved."


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str  # the refusal as the learner reads it; "" when the answer was taken


class Path:
    """One way in: posts a submission for the learner and reads back what it was told."""

    name = ""
    closed_status = 409  # how a closed attempt is refused

    def __init__(self, learner):
        self.client = self.client_for(learner)

    def client_for(self, learner):
        client = Client()
        client.force_login(learner)
        return client


class PagePath(Path):
    name, headers = "page", {}
    closed_status = 302  # without JavaScript a closed attempt sends the learner to its results, with the reason

    def post(self, attempt_id: int, data: dict) -> Outcome:
        response = self.client.post(f"/attempts/{attempt_id}/answer/", data, **self.headers)
        if response.status_code == 302 and response["Location"].endswith("/results/"):
            return Outcome(302, _alert(self.client.get(response["Location"]).content.decode()))
        return Outcome(response.status_code, _alert(response.content.decode()))


class HtmxPath(PagePath):
    name, headers, closed_status = "htmx", {"HTTP_HX_REQUEST": "true"}, 409


class ApiPath(Path):
    name = "api"

    def client_for(self, learner):
        client = APIClient()
        client.force_authenticate(learner)
        return client

    def post(self, attempt_id: int, data: dict) -> Outcome:
        response = self.client.post(f"/api/v1/attempts/{attempt_id}/answer/", data, format="json")
        body = response.json()
        if response.status_code < 400:
            return Outcome(response.status_code, "")
        fields = body.get("fields") or {}
        return Outcome(response.status_code, next(iter(fields.values()))[0] if fields else body["error"])


# Where a page tells the learner why: the card's form error, the closed-attempt card, a flashed message.
ALERTS = re.compile(
    r'<p class="form-error" role="alert">(.*?)</p>|class="q-card notice".*?</h2>\s*<p>(.*?)</p>'
    r'|<li class="message error">(.*?)</li>',
    re.DOTALL,
)


def _alert(page: str) -> str:
    found = ALERTS.search(page)
    return html.unescape(next(group for group in found.groups() if group is not None)) if found else ""


PATHS = [PagePath, HtmxPath, ApiPath]


@pytest.fixture(params=PATHS, ids=lambda path: path.name)
def path(request, learner) -> Path:
    return request.param(learner)


def started(quiz, user) -> Attempt:
    return Attempt.start(quiz, Learner.objects.get_or_create(user=user)[0])


def assert_no_question_skipped(attempt: Attempt) -> None:
    attempt.refresh_from_db()
    answered = list(Answer.objects.filter(attempt=attempt).values_list("question_id", flat=True))
    assert sorted(answered) == sorted(attempt.question_ids[: attempt.position]), "a question was skipped"
    assert len(answered) == len(set(answered)) == attempt.position


def test_out_of_order_is_refused_alike_everywhere_and_nothing_is_skipped(path, learner, six_types):
    attempt = started(curated(six_types), learner)
    assert path.post(attempt.pk, right_answer(six_types[2])) == Outcome(409, IN_ORDER.format(number=1))
    assert not Answer.objects.exists()
    path.post(attempt.pk, right_answer(six_types[0]))
    assert path.post(attempt.pk, right_answer(six_types[2])) == Outcome(409, IN_ORDER.format(number=2))
    for question in six_types[1:]:
        assert path.post(attempt.pk, wrong_answer(question)).message == ""
    assert_no_question_skipped(attempt)
    assert attempt.position == len(six_types)


def test_a_question_from_elsewhere_is_400_alike_everywhere(path, learner, six_types):
    attempt = started(curated(six_types[:2]), learner)
    assert path.post(attempt.pk, right_answer(six_types[3])) == Outcome(400, NOT_IN_ATTEMPT)
    assert not Answer.objects.exists()


def test_answering_again_keeps_the_first_answer(path, learner, six_types):
    attempt = started(curated(six_types), learner)
    path.post(attempt.pk, wrong_answer(six_types[0]))
    again = path.post(attempt.pk, right_answer(six_types[0]))
    assert again.status < 400 and again.message == ""
    stored = Answer.objects.get()
    assert stored.is_correct is False
    assert_no_question_skipped(attempt)


def test_a_finished_attempt_takes_no_new_answer_but_shows_a_stored_one(path, learner, six_types):
    attempt = started(curated(six_types), learner)
    path.post(attempt.pk, right_answer(six_types[0]))
    attempt.finish()
    assert path.post(attempt.pk, right_answer(six_types[1])) == Outcome(path.closed_status, FINISHED)
    assert path.post(attempt.pk, right_answer(six_types[0])).message == ""
    assert Answer.objects.count() == 1


def test_an_exam_past_its_time_is_closed_by_the_answer_that_comes_late(path, learner, six_types):
    attempt = started(curated(six_types, mode=Mode.EXAM, time_limit_minutes=10), learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert path.post(attempt.pk, right_answer(six_types[0])) == Outcome(path.closed_status, TIME_IS_UP)
    attempt.refresh_from_db()
    assert attempt.finished_at is not None and not Answer.objects.exists()


# ---------------------------------------------------------------- any sequence of submits

steps = st.lists(
    st.tuples(
        st.sampled_from(PATHS),
        st.one_of(st.just("finish"), st.tuples(st.integers(min_value=0, max_value=3), st.booleans())),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_no_sequence_of_submits_skips_a_question_or_stores_two_answers(learner, six_types, steps):
    questions = six_types[:4]
    attempt = started(curated(questions, slug=f"seq-{Attempt.objects.count()}"), learner)
    paths = {path: path(learner) for path in PATHS}
    for path, step in steps:
        attempt.refresh_from_db()
        before, was_open = attempt.position, attempt.is_open
        if step == "finish":
            attempt.finish()
            continue
        index, right = step
        question = questions[index]
        outcome = paths[path].post(attempt.pk, (right_answer if right else wrong_answer)(question))
        assert_no_question_skipped(attempt)
        # Taken only when it was the current question of an open attempt; otherwise nothing moves.
        taken = was_open and index == before
        assert attempt.position == before + taken, (path.name, step, outcome)
        assert (outcome.message == "") is (taken or index < before), (path.name, step, outcome)
