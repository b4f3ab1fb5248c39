"""Any sequence of answers, edits (type, wording, key) and regrades keeps every past answer readable, its
mark agreeing with the key it is shown beside, and every attempt's score the sum of its marks."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.accounts.models import Learner
from quizapp.library.models import Choice, Question, QuestionType
from quizapp.library.reading import expected_answer
from quizapp.quizzes.feedback import review_rows
from quizapp.quizzes.grading import grade
from quizapp.quizzes.models import Attempt
from quizapp.quizzes.versions import as_asked, fits
from quizapp.stats.regrade import pending_regrade, regrade_under_current_key
from tests.factories import curated, make_question, make_user

TYPES = [QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.NUMERIC, QuestionType.SHORT_ANSWER]

step = st.one_of(
    st.tuples(st.just("answer"), st.booleans()),  # a new learner answers, right or not
    st.tuples(st.just("type"), st.sampled_from(TYPES)),
    st.tuples(st.just("key"), st.integers(0, 3)),
    st.tuples(st.just("wording"), st.integers(0, 3)),
    st.just(("regrade", None)),
)


def submission(question: Question, right: bool) -> dict:
    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        return {"choice": next(c.pk for c in question.choices.all() if c.is_correct == right)}
    if kind == QuestionType.TRUE_FALSE:
        return {"answer": "true" if question.answer_bool == right else "false"}
    if kind == QuestionType.NUMERIC:
        return {"text": f"{question.numeric_value if right else 7}亿元"}
    return {"text": question.accepted_answers[0] if right else "不对"}


def edit_key(question: Question, n: int) -> None:
    """One key of every type at once, so a later type change grades with a sensible key."""
    question.answer_bool = n % 2 == 0
    question.numeric_value = Decimal(["211.9", "200", "150", "100"][n])
    question.accepted_answers = [["韩歆毅"], ["井贤栋"], ["胡晓明"], ["彭蕾"]][n]
    question.save()
    Choice.objects.filter(question=question).update(is_correct=False)
    Choice.objects.filter(question=question, order=n).update(is_correct=True)


def check(question: Question, attempts: list[Attempt]) -> None:
    current = Question.objects.prefetch_related("choices").get(pk=question.pk)
    for attempt in attempts:
        attempt.refresh_from_db()
        rows = review_rows(attempt)
        assert abs(attempt.score - sum(r["answer"].score for r in rows if r["answer"])) < 1e-9
        for row in rows:
            render_to_string("quizzes/_answer_review.html", {"row": row, "reading_script": "original"})
            answer = row["answer"]
            asked = as_asked(current, answer.version)
            assert row["expected"] == expected_answer(asked)
            if fits(asked.type, answer.response):  # the mark is the one the shown key gives
                assert grade(asked, answer.response).score == answer.score


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_of_answers_edits_and_regrades_keeps_history_consistent(db, steps):
    with transaction.atomic():  # each example on its own: rolled back after it, passing or not
        run(steps)
        transaction.set_rollback(True)


def run(steps) -> None:
    question = make_question(type=QuestionType.SINGLE_CHOICE, accepted_answers=["韩歆毅"], answer_bool=True)
    question.numeric_value, question.numeric_unit = Decimal("211.9"), "亿元"
    question.save()
    quiz = curated([question], slug=f"seq-{question.pk}")
    editor = make_user(f"editor{question.pk}", staff=True, group="Editors")
    attempts: list[Attempt] = []
    for kind, value in steps:
        fresh = Question.objects.prefetch_related("choices").get(pk=question.pk)
        if kind == "answer":
            attempt = Attempt.start(quiz, Learner.objects.create(session_key=uuid.uuid4().hex), [question.pk])
            attempt.answer(question.pk, submission(fresh, value))
            attempts.append(attempt)
        elif kind == "type":
            fresh.type = value
            fresh.save()
        elif kind == "key":
            edit_key(fresh, value)
        elif kind == "wording":
            fresh.prompt = f"第{value}种问法？"
            fresh.save()
        else:
            regrade_under_current_key(fresh, user=editor)
            assert pending_regrade(Question.objects.prefetch_related("choices").get(pk=question.pk)).answers == 0
        check(question, attempts)
