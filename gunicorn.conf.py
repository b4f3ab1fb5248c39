"""Read by gunicorn from the working directory: refuses several workers without a shared cache.

Log-in limits and API rates are counted in Django's cache. Without REDIS_URL that cache is each
worker's own memory, so `-w 4` would quietly allow four times every limit.
"""

import os


def on_starting(server):
    if server.cfg.workers > 1 and not os.environ.get("REDIS_URL"):
        raise RuntimeError(
            f"{server.cfg.workers} workers need REDIS_URL (a shared cache for log-in limits and API rates); "
            "set it, or run one worker."
        )
