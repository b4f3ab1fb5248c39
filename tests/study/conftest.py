from __future__ import annotations

import pytest

from quizapp.accounts.models import Learner
from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import QuestionType
from tests.factories import make_fact, make_question


@pytest.fixture
def small_deck(db) -> Deck:
    """A hand-picked deck of three questions, one of them a cloze."""
    fact = make_fact()
    deck = Deck.objects.create(kind=DeckKind.PICKED, name="三张卡", slug="three")
    deck.picked.set(
        [
            make_question(fact),
            make_question(fact, QuestionType.CLOZE, prompt="2023年研发投入{{c1::211.9亿元}}。"),
            make_question(fact, QuestionType.TRUE_FALSE, prompt="2023年研发投入超过200亿元。"),
        ]
    )
    return deck


@pytest.fixture
def anonymous_learner(db) -> Learner:
    return Learner.objects.create(session_key="anonymous-session")
