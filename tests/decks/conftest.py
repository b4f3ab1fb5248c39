from __future__ import annotations

import pytest

from tests import factories
from tests.decks.anki_helpers import AnkiCollection


@pytest.fixture
def anki(tmp_path):
    collection = AnkiCollection(tmp_path)
    yield collection
    collection.close()


@pytest.fixture
def make_picked_deck(db):
    return factories.make_picked_deck
