"""Read by gunicorn from the working directory: checks, before any worker starts, what the workers need.

- Several workers need a shared cache: log-in limits and API rates are counted in Django's cache, and
  without REDIS_URL that cache is each worker's own memory, so `-w 4` would quietly allow four times
  every limit.
- A REDIS_URL that is malformed or does not answer stops gunicorn here, with a message and a non-zero
  exit, so the deploy fails instead of every request that touches the cache answering 503.
- Each worker loads OpenCC's dictionaries before it takes a request, not during the first answer.
"""

import os

# Importable here: gunicorn puts its working directory (the project) on sys.path before reading this file.
from quizapp.redis_check import redis_problem


def on_starting(server):
    redis_url = os.environ.get("REDIS_URL")
    if server.cfg.workers > 1 and not redis_url:
        raise RuntimeError(
            f"{server.cfg.workers} workers need REDIS_URL (a shared cache for log-in limits and API rates); "
            "set it, or run one worker."
        )
    if redis_url:
        problem = redis_problem(redis_url)
        if problem:
            raise RuntimeError(f"{problem}. Not starting: fix REDIS_URL or start Redis, then deploy again.")


def post_worker_init(worker):
    from quizapp.library.normalise import warm_up

    warm_up()
