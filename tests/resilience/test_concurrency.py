"""Many learners answering at once, with double submits, against the real database and its production options.

On SQLite the test database is a file with the production settings (WAL, IMMEDIATE
transactions, busy timeout); on PostgreSQL it is the real server. Every acknowledged answer
must be stored exactly once, every attempt's counters must match its rows, and no request
may fail with "database is locked".
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from quizapp.quizzes.models import Answer, Attempt
from tests.factories import curated, right_answer, wrong_answer

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 8


def test_concurrent_learners_lose_and_duplicate_nothing(six_types):
    from quizapp.library.models import Question

    extra = [
        Question.objects.create(
            fact=six_types[0].fact,
            type="true_false",
            prompt=f"陈述{i}",
            explanation="因为",
            status="published",
            answer_bool=bool(i % 2),
        )  # fmt: skip
        for i in range(24)
    ]
    questions = six_types + extra
    quiz = curated(questions)
    payloads = {q.pk: (right_answer(q) if i % 3 else wrong_answer(q)) for i, q in enumerate(questions)}
    if connection.vendor == "sqlite":
        assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
        assert connection.settings_dict["NAME"] != ":memory:" and "memory" not in str(connection.settings_dict["NAME"])

    acknowledged: list[tuple[int, int]] = []
    failures: list[str] = []
    lock = threading.Lock()
    start_line = threading.Barrier(LEARNERS)

    def learner_session(n: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            client.post(f"/quizzes/{quiz.slug}/start/")
            attempt_id = int(client.get("/me/").content.decode().split("/attempts/")[1].split("/")[0])
            start_line.wait()
            for question in questions:
                data = payloads[question.pk]
                # Every third question is submitted twice in a row, as a double click would.
                for _ in range(2 if question.pk % 3 == 0 else 1):
                    response = client.post(f"/attempts/{attempt_id}/answer/", data, HTTP_HX_REQUEST="true")
                    body = response.content.decode()
                    if response.status_code != 200 or "locked" in body:
                        with lock:
                            failures.append(f"learner {n}: {response.status_code} {body[:200]}")
                        return
                    with lock:
                        acknowledged.append((attempt_id, question.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=learner_session, args=(n,)) for n in range(LEARNERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures[:3]

    stored = list(Answer.objects.values_list("attempt_id", "question_id"))
    assert len(stored) == len(set(stored)), "an answer was stored twice"
    assert set(stored) == set(acknowledged), "an acknowledged answer is missing"
    assert len(stored) == LEARNERS * len(questions)
    for attempt in Attempt.objects.all():
        rows = attempt.answers.all()
        assert attempt.position == rows.count() == len(questions)
        assert attempt.score == pytest.approx(sum(a.score for a in rows))
