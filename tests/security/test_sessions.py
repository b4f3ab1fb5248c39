"""Sessions that end: log-out revokes a captured cookie, log out everywhere ends every device, tokens expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from quizapp.accounts.models import Learner, UserSession
from quizapp.quizzes.models import Attempt

pytestmark = pytest.mark.django_db


def _logged_in_client(username: str = "lee", password: str = "pw-lee") -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def _with_cookie(value: str) -> Client:
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = value
    return thief


def _attempts_page_shows_attempt(client: Client, attempt: Attempt) -> bool:
    return client.get(attempt.get_absolute_url()).status_code == 200


def test_a_cookie_captured_before_log_out_no_longer_reads_the_learners_attempt(learner, practice_quiz):
    client = _logged_in_client()
    assert client.post(f"/quizzes/{practice_quiz.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(learner__user=learner)
    captured = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _attempts_page_shows_attempt(_with_cookie(captured), attempt)
    client.post("/accounts/logout/")
    assert not _attempts_page_shows_attempt(_with_cookie(captured), attempt)
    assert "_auth_user_id" not in _with_cookie(captured).get("/").wsgi_request.session


def test_sessions_are_stored_on_the_server_with_their_user(learner):
    _logged_in_client()
    assert list(UserSession.objects.values_list("user", flat=True)) == [learner.pk]


def test_log_out_everywhere_ends_every_session_and_token_of_that_user_only(learner, other_learner):
    phone, laptop = _logged_in_client(), _logged_in_client()
    other = _logged_in_client("olga", "pw-olga")
    token = APIClient().post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"}).json()["token"]
    other_token = Token.objects.create(user=other_learner)

    response = phone.post("/accounts/logout/everywhere/", follow=True)
    assert "You are logged out on every device." in response.content.decode()
    for client in (phone, laptop):
        assert "_auth_user_id" not in client.get("/").wsgi_request.session
    assert other.get("/").wsgi_request.user == other_learner
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/attempts/").status_code == 401
    assert Token.objects.get() == other_token
    assert Learner.objects.filter(user=learner).exists()  # the learner's work stays


def test_log_out_everywhere_is_post_only_and_needs_a_log_in(learner):
    client = _logged_in_client()
    assert client.get("/accounts/logout/everywhere/").status_code == 405
    assert UserSession.objects.count() == 1
    anonymous = Client().post("/accounts/logout/everywhere/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_page_offers_log_out_everywhere(learner):
    html = _logged_in_client().get("/").content.decode()
    assert 'action="/accounts/logout/everywhere/"' in html


def test_an_expired_token_is_401_and_a_new_one_is_issued(learner, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    api = APIClient()
    key = api.post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/attempts/").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=31))
    expired = api.get("/api/v1/attempts/")
    assert expired.status_code == 401 and "expired" in expired.json()["error"]
    fresh = APIClient().post("/api/v1/auth/token/", {"username": "lee", "password": "pw-lee"}).json()["token"]
    assert fresh != key and Token.objects.get().key == fresh


def test_tokens_never_expire_by_default(learner):
    token = Token.objects.create(user=learner)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=3650))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/attempts/").status_code == 200


def test_the_csrf_cookie_is_http_only_and_htmx_sends_the_token_from_the_page(client):
    page = client.get("/accounts/login/")
    assert page.cookies["csrftoken"]["httponly"] is True
    token = page.context["csrf_token"]
    assert f'hx-headers=\'{{"X-CSRFToken": "{token}"}}\'' in page.content.decode()
