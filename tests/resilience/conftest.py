from __future__ import annotations

import pytest

from quizapp import deadline


@pytest.fixture(autouse=True)
def no_database_pause(monkeypatch):
    """A test that times a connection out leaves its process refusing connections for a few seconds
    (quizapp/deadline.py): each test starts and leaves without one."""
    monkeypatch.setattr(deadline, "_unreachable_until", {})
