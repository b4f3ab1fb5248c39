from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.api.helpers import client_for


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle and log-in counters live in the cache; each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    """An anonymous client: a learner known only by the session cookie it will be given."""
    return APIClient()


@pytest.fixture
def as_learner(learner) -> APIClient:
    return client_for(learner)


@pytest.fixture
def as_other(other_learner) -> APIClient:
    return client_for(other_learner)


@pytest.fixture
def as_author(author) -> APIClient:
    return client_for(author)


@pytest.fixture
def as_editor(editor) -> APIClient:
    return client_for(editor)
