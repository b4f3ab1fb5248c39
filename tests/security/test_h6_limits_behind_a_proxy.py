"""Issue 19, "Log-in limits": behind a reverse proxy every request carried the proxy's REMOTE_ADDR,
so five wrong passwords from anyone locked every user out; and the API's anonymous rate was keyed
on a forged X-Forwarded-For. tests/security/test_login_limits.py checks client_address() alone and
the lock with distinct REMOTE_ADDRs; here every request comes through one trusted proxy (one
REMOTE_ADDR, as in production behind a balancer) and the real log-in page, the API and sign-up are
asked: one client's guesses never lock another client out, and forging entries in front of the
proxy's own never buys a fresh budget."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from quizapp.accounts.throttle import MAX_PER_ACCOUNT_AND_ADDRESS, MAX_PER_ADDRESS

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the balancer: every request's REMOTE_ADDR
ATTACKER, VICTIM = "203.0.113.9", "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def one_trusted_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}  # TRUSTED_PROXY_COUNT=1


def _via_proxy(client_address: str, forged: str = "") -> dict:
    """What the proxy passes on: whatever the client sent in X-Forwarded-For, then the client's address."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def _log_in(username: str, password: str, **via) -> int:
    response = Client().post("/accounts/login/", {"username": username, "password": password}, **via)
    if response.status_code == 302:
        assert "_auth_user_id" in response.wsgi_request.session
    return response.status_code


def test_one_clients_wrong_passwords_never_lock_out_another_client_of_the_same_proxy(one_trusted_proxy, learner):
    for n in range(MAX_PER_ADDRESS):  # the attacker spends every budget it has, on lee and on others
        username = "lee" if n < MAX_PER_ACCOUNT_AND_ADDRESS else f"someone-{n}"
        assert _log_in(username, "wrong", **_via_proxy(ATTACKER, forged=f"192.0.2.{n}")) == 200
    assert _log_in("lee", "pw-lee", **_via_proxy(ATTACKER)) == 429
    assert _log_in("olga", "anything", **_via_proxy(ATTACKER, forged="192.0.2.250")) == 429
    assert _log_in("lee", "pw-lee", **_via_proxy(VICTIM)) == 302  # the same proxy, another client


def test_the_apis_anonymous_rate_is_per_client_behind_the_proxy_whatever_it_forges(one_trusted_proxy, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    statuses = [
        Client().get("/api/v1/quizzes/", **_via_proxy(ATTACKER, forged=f"192.0.2.{n}")).status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert Client().get("/api/v1/quizzes/", **_via_proxy(VICTIM)).status_code == 200


def test_the_apis_anonymous_rate_ignores_a_forged_header_as_shipped(monkeypatch):
    """The shipped settings (no TRUSTED_PROXY_COUNT): DRF would key each forged header apart."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    statuses = [
        Client().get("/api/v1/quizzes/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_sign_up_is_counted_per_client_behind_the_proxy(one_trusted_proxy, settings):
    settings.ENDPOINT_LIMITS = {**settings.ENDPOINT_LIMITS, "signup": (2, 3600)}

    def sign_up(name: str, **via) -> int:
        form = {"username": name, "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
        return Client().post("/accounts/signup/", form, **via).status_code

    assert [sign_up(f"bot{n}", **_via_proxy(ATTACKER, forged=f"192.0.2.{n}")) for n in range(3)] == [302, 302, 429]
    assert sign_up("human", **_via_proxy(VICTIM)) == 302
