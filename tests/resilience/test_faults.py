"""Faults degrade, never hang: Redis or PostgreSQL gone or black-holed is a 503 within seconds."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from django.contrib.auth.signals import user_login_failed
from django.db import connection, connections
from django.test import Client, override_settings

from quizapp import deadline
from tests.resilience.caches import REDIS_HOST, REDIS_PORT, redis_cache, require_redis
from tests.resilience.proxy import TcpProxy, database_behind_proxy


@pytest.fixture
def client():
    return Client(raise_request_exception=False)  # see what a browser sees, not the exception


@pytest.fixture
def redis_proxy():
    require_redis()
    proxy = TcpProxy(REDIS_HOST, REDIS_PORT)
    proxy.start()
    with override_settings(CACHES=redis_cache(proxy.port)):
        yield proxy
    proxy.stop()


def _timed(call, deadline: float = 15):
    """Run a request in a thread, so a hang (the fault this file is about) fails the test instead of stalling it."""
    done: list = []

    def run() -> None:
        try:
            done.append(call())
        finally:
            connections.close_all()

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(deadline)
    assert done, f"no answer within {deadline} s"
    return done[0], time.monotonic() - started


def _assert_cache_outage(response, seconds: float) -> None:
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "cache" in response.json()["error"]
    assert seconds < 5, f"took {seconds:.1f} s"


@pytest.mark.django_db(transaction=True)
def test_redis_black_holed_is_a_503_within_seconds_and_log_in_fails_closed(client, redis_proxy, learner):
    assert client.get("/api/v1/quizzes/").status_code == 200
    redis_proxy.black_hole()
    _assert_cache_outage(*_timed(lambda: client.get("/api/v1/quizzes/")))

    checked = []
    user_login_failed.connect(lambda **kw: checked.append(kw), dispatch_uid="faults-count", weak=False)
    try:
        login, seconds = _timed(lambda: client.post("/accounts/login/", {"username": "lee", "password": "guess"}))
    finally:
        user_login_failed.disconnect(dispatch_uid="faults-count")
    assert login.status_code == 503 and seconds < 5 and checked == []  # no password checked uncounted


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_is_a_503_then_recovers(client, redis_proxy):
    redis_proxy.stop()
    _assert_cache_outage(*_timed(lambda: client.get("/api/v1/quizzes/")))
    redis_proxy.start()
    assert client.get("/api/v1/quizzes/").status_code == 200


@pytest.mark.django_db
def test_a_logged_in_learner_keeps_reading_pages_while_redis_is_gone(client, redis_proxy, learner):
    assert client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"}).status_code == 302
    redis_proxy.stop()
    page = client.get("/me/")
    assert page.status_code == 200 and page.wsgi_request.user == learner  # the session read from the database


@pytest.mark.django_db(transaction=True)
def test_postgres_black_holed_is_a_503_within_seconds(client, imported):
    if connection.vendor != "postgresql":
        pytest.skip("a network partition needs PostgreSQL; SQLite has no network")
    with database_behind_proxy() as proxy:
        proxy.black_hole()
        page, seconds = _timed(lambda: client.get("/articles/"))
        assert page.status_code == 503 and page["Retry-After"] == "30"
        assert seconds < connection.settings_dict["OPTIONS"]["connect_timeout"] + 3, f"took {seconds:.1f} s"


def test_healthz_is_served_over_plain_http_when_everything_else_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    health = client.get("/healthz")
    assert health.status_code == 200 and health.content == b"ok"
    assert client.get("/articles/").status_code == 301


@pytest.mark.django_db
def test_after_one_cache_failure_sessions_come_from_the_database_without_asking_redis_each_time(
    client, redis_proxy, learner, caplog
):
    assert client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"}).status_code == 302
    redis_proxy.black_hole()
    with caplog.at_level(logging.WARNING, logger="quizapp.accounts.sessions"):
        for _ in range(3):
            page = client.get("/me/")
            assert page.status_code == 200 and page.wsgi_request.user == learner
    waited = [r for r in caplog.records if "session cache unreachable" in r.getMessage()]
    assert len(waited) == 1  # the first request waited for Redis; the next two read the database at once


@pytest.mark.django_db(transaction=True)
def test_an_open_connection_to_a_black_holed_postgres_is_a_503_within_the_requests_deadline(client, imported, settings):
    """The partition a persistent connection meets: the server never sees the statement, so its own
    statement_timeout cannot fire; the worker's deadline (quizapp/deadline.py) does."""
    if connection.vendor != "postgresql":
        pytest.skip("a network partition needs PostgreSQL; SQLite has no network")
    settings.DB_REQUEST_STATEMENT_TIMEOUT_MS = 2000
    with database_behind_proxy() as proxy:
        assert client.get("/articles/").status_code == 200  # the connection is open from here on
        proxy.black_hole()
        # Should the deadline fail, cut the connections after 12 s: the test then fails instead of hanging.
        rescue = threading.Timer(12, proxy.stop)
        rescue.start()
        started = time.monotonic()
        page = client.get("/articles/")
        seconds = time.monotonic() - started
        rescue.cancel()
        assert page.status_code == 503 and page["Retry-After"] == "30"
        assert seconds < 3.5, f"took {seconds:.1f} s"  # the deadline (2 s) and the 503; without it ~5 s here
        proxy.stop()
        proxy.start()
        assert client.get("/articles/").status_code == 200  # a fresh connection once the database answers


@pytest.mark.django_db(transaction=True)
def test_after_a_connection_timed_out_the_worker_refuses_new_ones_at_once_until_the_pause_ends(
    client, imported, monkeypatch
):
    """Else every request waits connect_timeout again, and those queued behind it wait the whole partition."""
    if connection.vendor != "postgresql":
        pytest.skip("a network partition needs PostgreSQL; SQLite has no network")
    monkeypatch.setattr(deadline, "UNREACHABLE_PAUSE_S", 3.0)
    with database_behind_proxy() as proxy:
        proxy.black_hole()
        first, waited = _timed(lambda: client.get("/articles/"))
        assert first.status_code == 503 and waited > connection.settings_dict["OPTIONS"]["connect_timeout"] - 1
        second, seconds = _timed(lambda: client.get("/api/v1/articles/"))
        assert second.status_code == 503 and second["Retry-After"] == "30" and "database" in second.json()["error"]
        assert seconds < 1, f"took {seconds:.1f} s"  # not tried: before, another connect_timeout
        assert client.get("/healthz").content == b"ok"  # what needs no database is served as ever
        proxy.stop()
        proxy.start()
        time.sleep(3.0)
        assert client.get("/articles/").status_code == 200  # tried again once the pause is over
