"""Which questions' answers a learner has already been shown, and which no page may show them now.

The library serves questions, but answers live in quizzes, which builds on the library: quizzes
registers the function that knows (in its AppConfig.ready), so the library never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy

from quizapp.accounts.models import Learner

# A deck's .apkg carries every answer in it: not downloadable while it holds a withheld question.
EXAM_HOLDS_DECK = gettext_lazy(
    "This deck holds questions of the exam you have open; download it once the exam is over."
)

RevealedIds = Callable[[Learner | int | None], set[int]]
_sources: list[RevealedIds] = []
_withholders: list[RevealedIds] = []


def register_revealed(func: RevealedIds) -> RevealedIds:
    if func not in _sources:
        _sources.append(func)
    return func


def register_withheld(func: RevealedIds) -> RevealedIds:
    if func not in _withholders:
        _withholders.append(func)
    return func


def withheld_question_ids(learner: Learner | int | None) -> set[int]:
    """Questions whose answers nothing may show this learner now (those of an exam they have open),
    even when they were shown before."""
    if learner is None:
        return set()
    return set().union(*(source(learner) for source in _withholders))


def revealed_question_ids(learner: Learner | None) -> set[int]:
    if learner is None:
        return set()
    return set().union(*(source(learner) for source in _sources)) - withheld_question_ids(learner)
