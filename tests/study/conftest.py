from __future__ import annotations

import pytest

from quizapp.accounts.models import Learner
from quizapp.decks.models import Deck
from quizapp.library.models import QuestionType
from tests.factories import make_fact, make_picked_deck, make_question


@pytest.fixture
def small_deck(db) -> Deck:
    """A hand-picked deck of three questions, one of them a cloze."""
    fact = make_fact()
    questions = [
        make_question(fact),
        make_question(fact, QuestionType.CLOZE, prompt="2023年研发投入{{c1::211.9亿元}}。"),
        make_question(fact, QuestionType.TRUE_FALSE, prompt="2023年研发投入超过200亿元。"),
    ]
    return make_picked_deck(questions, name="三张卡", slug="three")


@pytest.fixture
def anonymous_learner(db) -> Learner:
    return Learner.objects.create(session_key="anonymous-session")
