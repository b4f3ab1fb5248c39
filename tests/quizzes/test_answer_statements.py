"""The answer request stays cheap: a version seen once is not looked up again, the stale mark is one
statement and the attempt's count is read back by the update itself (bench/RESULTS.md, statements per answer)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizapp.quizzes.models import Answer, Attempt
from quizapp.stats.models import ItemStatistic
from tests.factories import curated, make_article, make_fact, make_question, right_answer, wrong_answer
from tests.quizzes.test_attempt_flow import start

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


def answered(client: Client, attempt: Attempt, data: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/attempts/{attempt.pk}/answer/", data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]


# Committed rows (not one rolled-back test transaction): the version cache keeps only committed versions.
@pytest.mark.django_db(transaction=True)
def test_a_second_learner_answering_the_same_question_makes_no_version_look_up(settings):
    # Tasks queued, not run inline: only the request's own statements are counted.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    article = make_article()
    questions = [make_question(make_fact(article)) for _ in range(3)]
    quiz = curated(questions, slug="cheap")
    first, second = Client(), Client()
    one, two = start(first, quiz), start(second, quiz)
    statements_first = answered(first, one, right_answer(questions[0]))
    assert any("quizzes_questionversion" in sql for sql in statements_first)  # found or made once
    statements_second = answered(second, two, wrong_answer(questions[0]))
    assert not any("quizzes_questionversion" in sql for sql in statements_second), statements_second
    # Both answers name the same version, and each attempt's count moved exactly once.
    answers = Answer.objects.filter(question=questions[0])
    assert answers.count() == 2 and len({a.version_id for a in answers}) == 1
    assert [Attempt.objects.get(pk=a.pk).position for a in (one, two)] == [1, 1]
    assert Attempt.objects.get(pk=one.pk).score == 1 and Attempt.objects.get(pk=two.pk).score == 0
    # The stale mark: one statement for rows that exist (the second answer), and the rows are stale.
    marks = [sql for sql in statements_second if "stats_itemstatistic" in sql]
    assert len(marks) == 1 and marks[0].startswith(("UPDATE", "WITH")), marks
    row = ItemStatistic.objects.get(pk=questions[0].pk)
    assert row.generation != row.computed
    # Whole request, second learner: the attempt (with whether an exam is open), the question, its
    # choices, the answer, the stale mark, the count; the open exam's questions only when there is one.
    assert len(statements_second) == 6, statements_second
