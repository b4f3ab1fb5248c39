"""One check that a Redis URL answers, for every process that needs Redis before it starts: gunicorn
(the shared cache, in gunicorn.conf.py) and the task worker (the Redis queue, quizapp/tasks_rq.py)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def without_password(url: str) -> str:
    """The URL as it may be printed in a log: the password masked."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def redis_problem(url: str, timeout: float = 2.0) -> str | None:
    """Why Redis at `url` cannot be used, or None when it answers a PING."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    except ValueError as exc:
        return f"REDIS_URL={without_password(url)!r} is not a Redis URL: {exc}"
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"REDIS_URL={without_password(url)!r} does not answer: {exc}"
    finally:
        client.close()
    return None
