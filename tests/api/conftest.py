from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.quizzes.conftest import curated


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


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


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


@pytest.fixture
def practice_quiz(six_types):
    return curated(six_types)


def assert_error(response, status: int, *fields: str) -> dict:
    """A JSON error with a message a person can read, and the named field errors."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and body["error"].strip()
    assert isinstance(body["code"], str)
    for field in fields:
        assert body["fields"][field], body
    return body
