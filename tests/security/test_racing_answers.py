"""Racing identical API answers (issue 19.8): N threads send the same answer at the same moment;
exactly one is recorded (201) and every other gets the stored answer back (200), one row in all.
Real threads, each with its own database connection (a file on SQLite with the production options,
or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client
from rest_framework.authtoken.models import Token

from quizapp.quizzes.models import Answer, Mode
from tests.factories import curated, right_answer

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
def test_identical_answers_sent_at_once_are_one_201_and_the_rest_200_with_the_stored_answer(six_types, learner, mode):
    quiz = curated(six_types, mode=mode, slug=f"race-{mode}", time_limit_minutes=20 if mode == Mode.EXAM else None)
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=learner).key}"}
    attempt = Client().post("/api/v1/attempts/", {"quiz": quiz.slug}, content_type="application/json", **auth).json()
    question = six_types[0]
    body = {**right_answer(question), "elapsed_ms": 1500}
    url = f"/api/v1/attempts/{attempt['id']}/answer/"
    results: list[tuple[int, dict]] = []
    lock, start_line = threading.Lock(), threading.Barrier(RACERS)

    def racer() -> None:
        try:
            start_line.wait()
            response = Client(raise_request_exception=False).post(url, body, content_type="application/json", **auth)
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=racer) for _ in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (RACERS - 1) + [201], [(s, b.get("error")) for s, b in results]
    stored = Answer.objects.get(attempt_id=attempt["id"], question=question)
    assert {b["response"] == stored.response and b["question"] == question.pk for _, b in results} == {True}
    assert Answer.objects.filter(attempt_id=attempt["id"]).count() == 1
