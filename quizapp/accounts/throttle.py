"""Slowing password guessing, on one process or forty.

Three counters, each kept for 15 minutes from its first try:

- an account from one address: 5 tries (the lock a learner who forgot a password meets);
- one address, whatever the account: 20 tries (one address cannot try every account);
- one account, from any address: 100 tries (a slow, spread-out attack on one account).

A counter is incremented *before* the password is checked, and the value the increment returns
decides (Redis's INCR, or the local-memory cache's lock, makes it atomic): forty parallel guesses
draw forty different numbers and only the first five reach the password hasher. Checking first and
counting afterwards let every guess in flight read "4" and go through.

The counters are checked in that order and a refused try counts no further, so one address that
keeps trying only spends its own budgets: it can never push the account-wide counter past 5, and
locking an account out for everyone takes twenty addresses. A successful log-in gives its try back.

The log-in page and the API's token endpoint share these counters, so the two doors share one budget.
The address is the client's through `TRUSTED_PROXY_COUNT` proxies, read as DRF reads it for its
rate throttles (`NUM_PROXIES`), so a forged X-Forwarded-For never names a new address.

The same counters limit the endpoints that are expensive or make rows (`settings.ENDPOINT_LIMITS`):
sign-up per address; attempt starts and deck downloads per account, or per address for anonymous
learners (each anonymous start makes a learner and an attempt). Over the limit the page or the API
answers 429 with Retry-After, and the request does nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

WINDOW_SECONDS = 15 * 60
MAX_PER_ACCOUNT_AND_ADDRESS = 5
MAX_PER_ADDRESS = 20
MAX_PER_ACCOUNT = 100


def client_address(request: HttpRequest) -> str:
    """The client's address behind `TRUSTED_PROXY_COUNT` proxies (X-Forwarded-For is ignored when 0)."""
    return BaseThrottle().get_ident(request) or "unknown"


@dataclass(frozen=True)
class Guess:
    """One try at a password: the counters it was charged to, and whether it may be checked."""

    charged: tuple[str, ...]
    allowed: bool


def _counter_keys(address: str, username: str) -> list[tuple[str, int]]:
    # Hashed, so any typed name (spaces, control characters) makes a valid cache key.
    name = username.strip().lower()[:150]
    account = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return [
        (f"login-try:ip:{address}", MAX_PER_ADDRESS),
        (f"login-try:pair:{account}:{address}", MAX_PER_ACCOUNT_AND_ADDRESS),
        (f"login-try:user:{account}", MAX_PER_ACCOUNT),
    ]


def _increment(key: str, window: int = WINDOW_SECONDS) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts with this try
        cache.set(key, 1, window)
        return 1


def take_guess(address: str, username: str) -> Guess:
    """Charge one try to the counters, in order, stopping at the first that is over its limit."""
    charged = []
    for key, limit in _counter_keys(address, username):
        charged.append(key)
        if _increment(key) > limit:
            return Guess(tuple(charged), allowed=False)
    return Guess(tuple(charged), allowed=True)


def give_back(guess: Guess) -> None:
    """A successful log-in: its try was no guess, and the account's lock from this address lifts."""
    for key in guess.charged:
        if key.startswith("login-try:pair:"):
            cache.delete(key)
        else:
            with contextlib.suppress(ValueError):  # the window ended meanwhile
                cache.decr(key)


def endpoint_wait(request: HttpRequest, endpoint: str, *, per_account: bool = True) -> int | None:
    """Count one request to a limited endpoint (a key of settings.ENDPOINT_LIMITS): None while within
    the limit, else the seconds until its window ends (for Retry-After)."""
    limit, window = settings.ENDPOINT_LIMITS[endpoint]
    user = getattr(request, "user", None)
    if per_account and user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        who = f"ip:{client_address(request)}"
    key = f"limit:{endpoint}:{who}"
    cache.add(f"{key}:since", time.time(), window)
    if _increment(key, window) <= limit:
        return None
    since = cache.get(f"{key}:since") or time.time()
    return max(1, math.ceil(window - (time.time() - since)))


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return _("Too many requests of this kind just now. Please wait %(minutes)d minutes and try again.") % {
        "minutes": minutes
    }
