from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from quizapp.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_helpers_default_and_parse(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_INT", "42")
    assert env_int("X_INT", 1) == 42


@pytest.mark.parametrize(
    ("name", "value", "helper"),
    [("X_FLAG", "maybe", env_bool), ("X_INT", "forty", env_int), ("X_LIST", " , ", env_list)],
)
def test_env_helpers_fail_loudly_on_bad_values(monkeypatch, name, value, helper):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        helper(name, None)


def _settings_with(env: dict[str, str], expression: str = "s.DEBUG") -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    leave_out = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "quizapp.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_the_development_secret():
    result = _settings_with({"DEBUG": "0", "ALLOWED_HOSTS": "quiz.example"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_bad_database_url_is_a_clear_error():
    result = _settings_with({"DATABASE_URL": "nonsense://"})
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_sqlite_default_is_tuned_for_concurrent_writers():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("running on PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS")


def _printed_settings(env: dict[str, str], expression: str) -> str:
    result = _settings_with(env, expression)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgres_connections_time_out_and_keep_alive():
    options = _printed_settings(
        {"DATABASE_URL": "postgres://u@db.example:5432/quiz"}, "sorted(s.DATABASES['default']['OPTIONS'].items())"
    )
    assert "('connect_timeout', 5)" in options and "('options', '-c statement_timeout=20000')" in options
    assert "('keepalives', 1)" in options and "('tcp_user_timeout', 15000)" in options


def test_the_redis_cache_gives_up_within_a_second():
    from tests.resilience.caches import PRODUCTION_OPTIONS

    options = _printed_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "s.CACHES['default']['OPTIONS']")
    assert options == str(PRODUCTION_OPTIONS)
