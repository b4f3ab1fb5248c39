"""Log-in limits that hold: per account from one address, per address, atomic under parallel guesses."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import connections
from django.test import Client, RequestFactory, override_settings

from quizapp.accounts.throttle import MAX_PER_ACCOUNT_AND_ADDRESS, MAX_PER_ADDRESS, client_address
from tests.resilience.caches import redis_cache, require_redis

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _log_in(client: Client, username: str, password: str, address: str = "127.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(client, learner):
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS):
        assert _log_in(client, "lee", "wrong", "203.0.113.9").status_code == 200
    assert _log_in(client, "lee", "pw-lee", "203.0.113.9").status_code == 429
    assert _logged_in(_log_in(Client(), "lee", "pw-lee", "198.51.100.7"))


def test_one_address_is_limited_across_accounts(client, learner):
    for n in range(MAX_PER_ADDRESS):
        assert _log_in(client, f"someone-{n}", "wrong", "203.0.113.9").status_code == 200
    refused = _log_in(client, "lee", "pw-lee", "203.0.113.9")
    assert refused.status_code == 429 and "Too many failed log-ins" in refused.content.decode()
    assert _logged_in(_log_in(Client(), "lee", "pw-lee", "198.51.100.7"))


def test_a_successful_log_in_gives_its_try_back(learner):
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS - 1):
        assert _log_in(Client(), "lee", "wrong").status_code == 200
    assert _logged_in(_log_in(Client(), "lee", "pw-lee"))
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS - 1):
        assert _log_in(Client(), "lee", "wrong").status_code == 200
    assert _logged_in(_log_in(Client(), "lee", "pw-lee"))


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(client, learner):
    for n in range(MAX_PER_ACCOUNT_AND_ADDRESS):
        _log_in(client, "lee", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _log_in(client, "lee", "pw-lee", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_the_client_address_is_read_through_the_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_address(request) == "10.0.0.2"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_address(request) == "198.51.100.7"  # the forged first entry is still ignored
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    assert client_address(request) == "6.6.6.6"


def test_the_api_rate_is_keyed_on_the_client_address_not_a_forged_header():
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.throttling import AnonRateThrottle

    keys = set()
    for n in range(3):
        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        request.user = AnonymousUser()
        keys.add(AnonRateThrottle().get_cache_key(request, None))
    assert len(keys) == 1 and "127.0.0.1" in keys.pop()


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_guesses_check_at_most_five_passwords_with_redis(learner):
    """The check-then-increment race: with the counter read first, 40 guesses checked 8 passwords."""
    require_redis()
    checked, lock = [], threading.Lock()

    def count(**kwargs):
        with lock:
            checked.append(kwargs["credentials"]["username"])

    statuses, start = [], threading.Barrier(40)

    def guess(n: int) -> None:
        try:
            start.wait()
            response = _log_in(Client(), "lee", f"guess-{n}")
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    user_login_failed.connect(count, dispatch_uid="count-password-checks")
    try:
        with override_settings(CACHES=redis_cache()):
            threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
    finally:
        user_login_failed.disconnect(dispatch_uid="count-password-checks")
    assert len(statuses) == 40, statuses
    assert len(checked) <= MAX_PER_ACCOUNT_AND_ADDRESS, f"{len(checked)} passwords checked"
    assert statuses.count(429) >= 40 - MAX_PER_ACCOUNT_AND_ADDRESS


def _start(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "WEB_CONCURRENCY", "DATABASE_URL"}}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "quizapp.settings", **env}
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_several_gunicorn_workers_without_a_shared_cache_refuse_to_start():
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = _start([gunicorn, "quizapp.wsgi", "-w", "3", "-b", "127.0.0.1:0"], {})
    assert result.returncode != 0 and "3 workers need REDIS_URL" in result.stderr


def test_web_concurrency_without_a_shared_cache_is_refused_by_the_settings():
    code = "import django; django.setup()"
    result = _start([sys.executable, "-c", code], {"WEB_CONCURRENCY": "4"})
    assert result.returncode != 0 and "WEB_CONCURRENCY > 1 needs REDIS_URL" in result.stderr
    ok = _start([sys.executable, "-c", code], {"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/15"})
    assert ok.returncode == 0, ok.stderr
