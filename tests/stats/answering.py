"""Learners answering through the real attempt path, for statistics tests."""

from __future__ import annotations

import uuid

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Attempt, Quiz
from quizapp.stats.stored import refresh_stale_statistics


def new_learner() -> Learner:
    return Learner.objects.create(session_key=uuid.uuid4().hex)


def take(quiz: Quiz, learner: Learner, *responses: dict) -> Attempt:
    """One attempt at `quiz` answering its questions in order with these submissions."""
    attempt = Attempt.start(quiz, learner)
    for question_id, submitted in zip(attempt.question_ids, responses, strict=False):
        attempt.answer(question_id, submitted)
    attempt.refresh_from_db()
    refresh_stale_statistics.call()  # what the worker does after the commit the test never makes
    return attempt


def choice(question, index: int) -> dict:
    return {"choice": str(list(question.choices.all())[index].pk)}


def text(value: str) -> dict:
    return {"text": value}
