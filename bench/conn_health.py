"""CONN_HEALTH_CHECKS on or off: learner journeys per second against gunicorn on PostgreSQL.

    .venv/bin/python -m bench.conn_health [ROUNDS] [SECONDS]

A fresh database with the shipped bank; gunicorn (2 sync workers, DEBUG=0) restarted for each setting,
rounds alternating which goes first so a machine busy with something else hurts both alike. With the
check on, a persistent connection is tested (`SELECT 1`) at the start of each request that reuses it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import uuid
from pathlib import Path

from bench.httpload import run_phase
from bench.infra import Gunicorn, PostgresDB, article_quiz_slugs, build_database, manage, production_env

WORKERS, LEARNERS = 2, 4


def main(rounds: int = 3, seconds: float = 10) -> dict[str, list[float]]:
    db = PostgresDB("_health")
    rates: dict[str, list[float]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = production_env(db.env, tmp / "static")
        env.update(REDIS_URL="redis://127.0.0.1:6379/12", CACHE_KEY_PREFIX=f"bench-{uuid.uuid4().hex}")
        try:
            build_database(db, env)
            manage(["collectstatic", "--noinput"], env)
            slugs = article_quiz_slugs(db)
            for n in range(rounds):
                for label in ("on", "off") if n % 2 == 0 else ("off", "on"):
                    flag = "1" if label == "on" else "0"
                    with Gunicorn({**env, "DB_CONN_HEALTH_CHECKS": flag}, WORKERS, tmp) as server:
                        run_phase("journey", server.port, LEARNERS, 2, slugs)  # warm: connections, caches
                        data = run_phase("journey", server.port, LEARNERS, seconds, slugs)
                    requests = sum(len(v) for v in data.latencies.values())
                    errors = {
                        f"{endpoint}: {reason}": n for endpoint, c in data.errors.items() for reason, n in c.items()
                    }
                    rates[label].append(requests / data.seconds)
                    rate = requests / data.seconds
                    print(f"round {n + 1}, health checks {label}: {rate:.1f} requests/s, errors {errors or 'none'}")
        finally:
            db.drop()
    for label, values in rates.items():
        print(f"health checks {label}: median {statistics.median(values):.1f} requests/s over {len(values)} rounds")
    return rates


if __name__ == "__main__":
    main(*(float(a) if "." in a else int(a) for a in sys.argv[1:3]))
