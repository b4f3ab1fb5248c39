"""Which questions' answers a learner has already been shown.

The library serves questions, but answers live in quizzes, which builds on the library: quizzes
registers the function that knows (in its AppConfig.ready), so the library never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from quizapp.accounts.models import Learner

RevealedIds = Callable[[Learner | None], set[int]]
_sources: list[RevealedIds] = []


def register_revealed(func: RevealedIds) -> RevealedIds:
    if func not in _sources:
        _sources.append(func)
    return func


def revealed_question_ids(learner: Learner | None) -> set[int]:
    return set().union(*(source(learner) for source in _sources))
