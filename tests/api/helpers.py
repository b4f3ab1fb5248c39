"""Helpers for the API tests: a client with a learner's token, and what every JSON error must carry."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


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
