"""Issue 19, Build point 9: "a consistent snapshot of all data". tests/resilience/test_backup.py
backs up a still database; here learners answer in real threads (each its own connection) while
backups are taken, and every snapshot, put back, must be one moment: each attempt's position and
score agree with the answers it holds, and no answer is in a snapshot without its attempt. A copy
made table by table or file by file mid-write would show an attempt ahead of its answers."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from quizapp.library.models import Question
from quizapp.quizzes.models import Answer, Attempt
from tests.factories import curated, right_answer

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS, QUESTIONS, SNAPSHOTS = 3, 30, 4


def _consistent() -> tuple[int, list[str]]:
    """How many answers the database holds, and every way its attempts disagree with them."""
    problems = []
    for attempt in Attempt.objects.all():
        answers = list(attempt.answers.all())
        if attempt.position != len(answers):
            problems.append(f"attempt {attempt.pk}: position {attempt.position}, {len(answers)} answers")
        total = sum(a.score for a in answers)
        if attempt.score != pytest.approx(total):
            problems.append(f"attempt {attempt.pk}: score {attempt.score}, its answers sum to {total}")
    orphans = Answer.objects.exclude(attempt__in=Attempt.objects.all()).count()
    if orphans:
        problems.append(f"{orphans} answers without their attempt")
    return Answer.objects.count(), problems


def test_snapshots_taken_while_learners_answer_are_each_one_moment(six_types, tmp_path):
    fact = six_types[0].fact
    questions = [
        Question.objects.create(fact=fact, type="true_false", prompt=f"陈述{i}", status="published", answer_bool=True)
        for i in range(QUESTIONS)
    ]
    quiz = curated(questions)
    writing, failures = threading.Event(), []

    def learner() -> None:
        client = Client(raise_request_exception=False)
        try:
            attempt_url = client.post(f"/quizzes/{quiz.slug}/start/")["Location"]  # /attempts/<id>/
            writing.set()
            for question in questions:
                response = client.post(f"{attempt_url}answer/", right_answer(question))
                if response.status_code != 302:
                    failures.append(response.status_code)
                    return
        finally:
            connections.close_all()

    threads = [threading.Thread(target=learner) for _ in range(LEARNERS)]
    for thread in threads:
        thread.start()
    assert writing.wait(60)
    snapshots = []
    while any(t.is_alive() for t in threads) and len(snapshots) < SNAPSHOTS:
        path = tmp_path / f"snapshot-{len(snapshots)}"
        call_command("backup_data", str(path), stdout=io.StringIO())
        snapshots.append(path)
        time.sleep(0.2)
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    assert _consistent() == (LEARNERS * QUESTIONS, [])

    held = []
    for path in snapshots:
        call_command("restore_data", str(path), "--yes", stdout=io.StringIO())
        count, problems = _consistent()
        assert not problems, (path.name, problems)
        held.append(count)
    # At least one snapshot caught the learners mid-way, or the test proved nothing.
    assert any(0 < n < LEARNERS * QUESTIONS for n in held), held
