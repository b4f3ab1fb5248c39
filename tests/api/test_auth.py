from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Attempt
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_token_for_username_and_password_makes_an_account_learner(api, learner, practice_quiz):
    response = api.post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=learner).key
    assert api.post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"}).json()["token"] == token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    started = client.post(f"/api/v1/quizzes/{practice_quiz.slug}/attempts/")
    assert started.status_code == 201
    assert Attempt.objects.get().learner == Learner.objects.get(user=learner)


def test_wrong_password_is_400_and_a_bad_token_401(api, learner):
    body = assert_error(api.post("/api/v1/auth/token/", {"username": "lee", "password": "nope"}), 400)
    assert "Unable to log in" in body["error"]
    assert_error(api.post("/api/v1/auth/token/", {"username": "lee"}), 400, "password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/articles/")
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_token_guessing_is_locked_out_like_the_login_page(api, client, learner):
    for _ in range(5):
        assert api.post("/api/v1/auth/token/", {"username": "lee", "password": "guess"}).status_code == 400
    locked = api.post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"})
    body = assert_error(locked, 429)
    assert body["code"] == "throttled" and body["retry_after"] == 15 * 60
    assert int(locked["Retry-After"]) == 15 * 60
    # The same counters as the log-in page: that is locked too.
    assert client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"}).status_code == 429


def test_revoking_the_token(learner):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.exists()
    assert_error(client.get("/api/v1/attempts/"), 401)
    assert_error(APIClient().delete("/api/v1/auth/token/"), 401)


def test_session_users_of_the_site_are_account_learners_and_need_csrf(learner, practice_quiz):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert_error(browser.post(f"/api/v1/quizzes/{practice_quiz.slug}/attempts/"), 403)
    token = browser.get("/api/v1/auth/csrf/").json()["csrf_token"]
    started = browser.post(f"/api/v1/quizzes/{practice_quiz.slug}/attempts/", HTTP_X_CSRFTOKEN=token)
    assert started.status_code == 201
    assert Attempt.objects.get().learner.user == learner


def test_anonymous_requests_are_throttled_with_a_json_429(api, monkeypatch, db):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    for _ in range(3):
        assert api.get("/api/v1/quizzes/").status_code == 200
    body = assert_error(api.get("/api/v1/quizzes/"), 429)
    assert body["code"] == "throttled" and body["retry_after"] > 0


def test_token_users_are_throttled_per_user(as_learner, monkeypatch, db):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "rate", "2/min", raising=False)
    assert as_learner.get("/api/v1/decks/").status_code == 200
    assert as_learner.get("/api/v1/decks/").status_code == 200
    assert_error(as_learner.get("/api/v1/decks/"), 429)
