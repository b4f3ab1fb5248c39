"""Django's Redis cache, with one redis.Redis client per connection pool instead of one per call.

Django's RedisCacheClient builds a new redis.Redis for every cache call, and each one fills a table of
about 170 response callbacks: some 0.07 ms of CPU, as much as the session read's round trip itself
(bench/RESULTS.md, "Question fetch and the card cache"). A redis.Redis holds no connection of its own —
it takes one from the pool for each command and gives it back — so one per pool serves every call;
failures and timeouts are the pool's, as before.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(django_redis.RedisCache):
    """settings.CACHES' BACKEND when REDIS_URL is set."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
