"""Every way of starting an attempt counts against the same start limit (settings.ENDPOINT_LIMITS
"start"): retrying an attempt's mistakes (page and API) and practising weak facts make attempts as a
start does, so past the limit they answer 429 with Retry-After and make nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Attempt
from tests.factories import curated, wrong_answer

pytestmark = pytest.mark.django_db

LIMIT = 2


@pytest.fixture
def finished_with_mistakes(settings, six_types, learner):
    """A logged-in learner with a finished attempt that got every question wrong (no start counted yet)."""
    settings.ENDPOINT_LIMITS = {**settings.ENDPOINT_LIMITS, "start": (LIMIT, 600)}
    client = Client()
    client.force_login(learner)
    quiz = curated(six_types)
    attempt = Attempt.start(quiz, Learner.objects.get_or_create(user=learner)[0], [q.pk for q in six_types])
    for question in six_types:
        client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(question))
    client.post(f"/attempts/{attempt.pk}/finish/")
    attempt.refresh_from_db()
    assert attempt.mistake_ids()
    return client, attempt


def _refused(response) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600


@pytest.mark.parametrize(
    "start",
    [
        lambda client, attempt: client.post(f"/attempts/{attempt.pk}/retry/"),
        lambda client, attempt: client.post(f"/api/v1/attempts/{attempt.pk}/retry/"),
        lambda client, attempt: client.post("/me/weak-facts/"),
    ],
    ids=["retry page", "retry API", "weak facts"],
)
def test_past_the_start_limit_no_more_attempts_are_made(finished_with_mistakes, start):
    client, attempt = finished_with_mistakes
    for _ in range(LIMIT):
        assert start(client, attempt).status_code in (201, 302)
    made = Attempt.objects.count()
    _refused(start(client, attempt))
    assert Attempt.objects.count() == made


def test_retries_and_starts_share_one_budget(finished_with_mistakes):
    client, attempt = finished_with_mistakes
    assert client.post(f"/quizzes/{attempt.quiz.slug}/start/").status_code == 302
    assert client.post("/me/weak-facts/").status_code == 302
    _refused(client.post(f"/attempts/{attempt.pk}/retry/"))
