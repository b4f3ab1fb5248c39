"""Slowing password guessing: five failures for an account or an address mean a 15-minute wait.

The log-in page and the API's token endpoint share these counters, so the two doors share
one budget of guesses.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def failure_keys(address: str, username: str) -> list[str]:
    # Hashed, so any typed name (spaces, control characters) makes a valid cache key.
    name = username.strip().lower()[:150]
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return [f"login-fail:ip:{address or 'unknown'}", f"login-fail:user:{digest}"]


def is_blocked(keys: list[str]) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in keys)


def count_failure(keys: list[str]) -> None:
    for key in keys:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def forgive(keys: list[str]) -> None:
    """A successful log-in clears the account's counter (not the address's)."""
    cache.delete_many(keys[1:])
