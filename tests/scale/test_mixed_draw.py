"""The mixed quiz draws its questions in the database (issue 18): starting it reads question_count ids,
not every live one, and costs the same statements with 30 live questions as with 300."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.library.models import Question, Status
from quizapp.quizzes.models import Attempt, Quiz
from tests.factories import make_article, make_fact, make_question


def _questions(count: int) -> None:
    fact = make_fact(make_article())
    for _ in range(count):
        make_question(fact)
    make_question(fact, status=Status.DRAFT)  # never drawn


def _start(client) -> tuple[int, Attempt]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/quizzes/mixed-practice/start/")
    assert response.status_code == 302
    # ORDER BY RANDOM() on PostgreSQL, RAND() (a function Django registers) on SQLite.
    draw = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "library_question"."id"') and "ORDER BY RAND" in q["sql"]
    ]
    assert len(draw) == 1 and "LIMIT 15" in draw[0]  # sampled by the database, 15 rows back
    return len(queries), Attempt.objects.latest("pk")


def test_mixed_quiz_start_samples_in_sql_with_a_fixed_statement_count(client, db):
    quiz = Quiz.objects.get(slug="mixed-practice")
    assert quiz.question_count == 15 and quiz.shuffle_questions
    _questions(30)
    _start(client)  # the first start also makes the anonymous learner
    small, first = _start(client)
    _questions(270)
    large, second = _start(client)
    assert small == large
    live = set(Question.objects.live().values_list("pk", flat=True))
    for attempt in (first, second):
        assert len(attempt.question_ids) == len(set(attempt.question_ids)) == 15
        assert set(attempt.question_ids) <= live
    # Random, not the first 15 in some order: over a few starts more than 15 questions come up.
    drawn = {pk for _ in range(4) for pk in quiz.draw()}
    assert len(drawn) > 15
