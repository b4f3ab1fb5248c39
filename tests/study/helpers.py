"""Small helpers for the study tests: reading the page's card, making realistic card states."""

from __future__ import annotations

import re
from datetime import timedelta

from quizapp.accounts.models import Learner
from quizapp.study.models import CardState, Stage


def shown_card(html: str) -> tuple[int, int]:
    """(question id, review count) carried by the rating form on a study page."""
    question = re.search(r'name="question" value="(\d+)"', html)
    reps = re.search(r'name="reps" value="(\d+)"', html)
    assert question and reps, "no card on the page"
    return int(question[1]), int(reps[1])


def make_state(learner: Learner, question, *, stage: int, due, reps: int = 1) -> CardState:
    """A card state as FSRS leaves it after some reviews (stability and difficulty set)."""
    return CardState.objects.create(
        learner=learner,
        question=question,
        stage=stage,
        step=None if stage == Stage.REVIEW else 0,
        stability=4.0,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=4) if stage == Stage.REVIEW else due - timedelta(minutes=10),
        reps=reps,
        introduced_at=due - timedelta(days=30),
    )
