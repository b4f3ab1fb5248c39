"""An uploaded file kept on the server between the import preview and its confirmation.

The file waits in the cache under a random token, for its uploader only, and expires after
KEEP_SECONDS; the form carries only the token. The cache is shared by every worker whenever there
are several (REDIS_URL is required for that), so any worker can answer the confirming POST.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

KEEP_SECONDS = 3600
_PREFIX = "interop-upload:"


def keep(user_id: int, fmt: str, content: bytes) -> str:
    """Store the upload; returns the token that fetches it back."""
    token = secrets.token_urlsafe(24)
    cache.set(_PREFIX + token, (user_id, fmt, content), KEEP_SECONDS)
    return token


def fetch(user_id: int, token: str) -> tuple[str, bytes] | None:
    """(format, content) of this user's upload, or None when it expired or is someone else's."""
    kept = cache.get(_PREFIX + token) if token else None
    if kept is None or kept[0] != user_id:
        return None
    return kept[1], kept[2]


def discard(token: str) -> None:
    cache.delete(_PREFIX + token)
