"""The real Redis at 127.0.0.1:6379 (CI's machine runs one), as a Django cache for one test."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


# What quizapp/settings.py gives a REDIS_URL cache (tests/test_settings.py checks that they agree).
PRODUCTION_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


def redis_cache(port: int = REDIS_PORT, db: int = 15, **options) -> dict:
    """CACHES for override_settings, with production's timeouts and a key prefix of its own, so
    parallel runs never share counters.

    Database 15 unless told, and never `cache.clear()` (FLUSHDB) on it: keys expire with their windows.
    """
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS_HOST}:{port}/{db}",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {**PRODUCTION_OPTIONS, **options},
        }
    }


def require_redis() -> None:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
