"""quizapp/redis_cache.py keeps one redis.Redis per connection pool: every call still works, and a
connection the server dropped is replaced on the next call, as with a new client per call."""

from __future__ import annotations

import uuid

import pytest

from quizapp.errors import CACHE_ERRORS
from quizapp.redis_cache import RedisCache
from tests.resilience.caches import PRODUCTION_OPTIONS, REDIS_HOST, REDIS_PORT, require_redis


def cache_at(port: int = REDIS_PORT) -> RedisCache:
    # Database 15 with a prefix of its own, as tests/resilience/caches.py does: no other test's keys are touched.
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": PRODUCTION_OPTIONS}
    return RedisCache(f"redis://{REDIS_HOST}:{port}/15", params)


def test_one_client_serves_every_call_and_survives_a_dropped_connection():
    require_redis()
    cache = cache_at()
    assert cache.add("n", 1, 60) and cache.incr("n") == 2 and cache.get("n") == 2
    cache.set_many({"a": "甲", "b": "乙"}, 60)
    assert cache.get_many(["a", "b"]) == {"a": "甲", "b": "乙"}
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
    name = f"reuse-{uuid.uuid4().hex}"
    client.client_setname(name)
    killed = [c["id"] for c in client.client_list() if c.get("name") == name]
    client.client_kill_filter(_id=killed[0])  # the server drops this process's connection
    assert cache.get("n") == 2 and cache._cache.get_client() is client
    cache.delete_many(["n", "a", "b"])
    assert cache.get("n") is None


def test_an_unreachable_server_still_fails_as_a_cache_error():
    cache = cache_at(port=1)  # nothing listens there
    with pytest.raises(CACHE_ERRORS):
        cache.get("n")
    with pytest.raises(CACHE_ERRORS):  # the kept client fails the same way again, it does not hang
        cache.get("n")
