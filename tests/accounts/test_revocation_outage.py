"""Log-out holds through a Redis outage: never a session that looks ended and comes back with Redis.

Sessions are rows read through a copy in Redis (quizapp/accounts/sessions.py). Before, a log-out while
Redis was unreachable deleted the row and left the copy: the learner looked logged out while Redis was
gone (sessions were read from the database) and was logged in again, on a captured cookie too, once Redis
answered and the copy was read first. Real Redis (database 9) behind a TCP proxy the tests stop.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

from quizapp.accounts import sessions
from quizapp.accounts.models import UserSession
from tests.resilience.caches import REDIS_HOST, REDIS_PORT, redis_cache, require_redis
from tests.resilience.proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_proxy(monkeypatch):
    require_redis()
    # Every request asks Redis again: the pause after a failure would hide the copy Redis serves on its return.
    monkeypatch.setattr(sessions, "CACHE_PAUSE_S", 0.0)
    monkeypatch.setattr(sessions, "_paused_until", {})
    proxy = TcpProxy(REDIS_HOST, REDIS_PORT)
    proxy.start()
    with override_settings(CACHES=redis_cache(proxy.port, db=9)):
        yield proxy
    proxy.stop()


def _logged_in(username: str = "lee") -> Client:
    client = Client(raise_request_exception=False)  # what a browser sees
    assert client.post("/accounts/login/", {"username": username, "password": f"pw-{username}"}).status_code == 302
    return client


def _cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _user_behind(cookie: str):
    """Who a captured copy of the cookie is, on a fresh client."""
    thief = Client(raise_request_exception=False)
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return thief.get("/me/").wsgi_request.user


def _cached(cookie: str) -> bool:
    from django.core.cache import caches

    return caches[settings.SESSION_CACHE_ALIAS].has_key(sessions.SessionStore.cache_key_prefix + cookie)


@pytest.mark.parametrize("fault", ["stop", "black_hole"])
def test_a_log_out_redis_cannot_take_is_refused_whole_and_the_retry_ends_the_session(redis_proxy, learner, fault):
    client = _logged_in()
    captured = _cookie(client)
    assert _cached(captured)

    getattr(redis_proxy, fault)()
    refused = client.post("/accounts/logout/")
    assert refused.status_code == 503 and refused["Retry-After"] == "30"
    # Nothing ended halfway: the row is there, so the learner still sees themselves logged in and tries again
    # (before: the row was gone, the learner looked logged out, and Redis's copy revived the session later).
    assert UserSession.objects.filter(session_key=captured).exists()
    assert _user_behind(captured) == learner

    redis_proxy.stop()
    redis_proxy.start()
    assert _user_behind(captured) == learner  # the same session as during the outage, no revival
    assert client.post("/accounts/logout/").status_code == 302
    assert not _user_behind(captured).is_authenticated
    assert not _cached(captured) and not UserSession.objects.filter(session_key=captured).exists()


def test_log_out_everywhere_redis_cannot_take_is_refused_whole_then_ends_every_device(redis_proxy, learner):
    phone, laptop = _logged_in(), _logged_in()
    cookies = [_cookie(phone), _cookie(laptop)]
    Token.objects.create(user=learner)

    redis_proxy.stop()
    assert phone.post("/accounts/logout/everywhere/").status_code == 503
    assert UserSession.objects.filter(user=learner).count() == 2 and Token.objects.filter(user=learner).exists()
    assert [_user_behind(c) for c in cookies] == [learner, learner]

    redis_proxy.start()
    assert phone.post("/accounts/logout/everywhere/").status_code == 302
    assert not any(_user_behind(c).is_authenticated for c in cookies)
    assert not any(_cached(c) for c in cookies) and not Token.objects.filter(user=learner).exists()


def test_a_password_changed_while_redis_is_gone_ends_the_sessions_redis_still_holds(redis_proxy, learner):
    """Changing the password needs no cache: the copy Redis keeps carries the old password's hash, which
    Django checks against the user's row on every request (the row is read for the user anyway)."""
    captured = _cookie(_logged_in())
    redis_proxy.stop()
    learner.set_password("a-new-password-9")
    learner.save()
    redis_proxy.start()
    assert _cached(captured)  # the copy is still there…
    assert not _user_behind(captured).is_authenticated  # …and no longer lets anyone in
