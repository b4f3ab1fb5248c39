from __future__ import annotations

import pytest

from quizapp.decks.models import Deck, DeckKind
from tests.decks.anki_helpers import AnkiCollection


@pytest.fixture
def anki(tmp_path):
    collection = AnkiCollection(tmp_path)
    yield collection
    collection.close()


@pytest.fixture
def make_picked_deck(db):
    def make(questions, name: str = "精选", slug: str = "picked") -> Deck:
        deck = Deck.objects.create(kind=DeckKind.PICKED, name=name, slug=slug)
        deck.picked.set(questions)
        return deck

    return make
