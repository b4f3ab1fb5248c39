"""CPU per question fetch next to /healthz, in one process (not part of `make bench`).

The HTTP figures of `make bench` move with whatever else runs on the machine; CPU time per request
in one process moves much less, so this is how a change to the fetch path is judged before and
after (two checkouts, run alternately). Production settings (DEBUG off, secure cookies, sessions
read through Redis when REDIS_URL is set) on the database the environment names, which must hold
the shipped bank (`migrate`, `import_articles seeds/`, `load_content content/`): one learner starts
an attempt on each of six practice quizzes and fetches their current questions in turn, as
bench/httpload.py's fetch-only learners do.

    SQLITE_PATH=/tmp/bank.sqlite3 REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/fetch_cpu.py [--fetches 200] [--rounds 6]

Prints the statements of one fetch, then CPU ms per request of each round and the smallest of
each (the least disturbed by other processes) with their ratio.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DJANGO_SETTINGS_MODULE="quizapp.settings",
    DEBUG="0",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="testserver",
    CACHE_KEY_PREFIX=f"fetch-cpu-{os.getpid()}",
    LIMIT_STARTS_PER_10_MIN="1000000",
)
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # behind a TLS-terminating proxy, as in production
HTMX = {"HTTP_HX_REQUEST": "true"}


def cpu_ms(request, n: int) -> float:
    start = time.process_time()
    for i in range(n):
        request(i)
    return (time.process_time() - start) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fetches", type=int, default=200, help="requests per round and kind")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from quizapp.quizzes.models import Mode, Quiz

    learner, floor = Client(**HTTPS), Client(**HTTPS)
    urls = []
    for quiz in Quiz.objects.filter(mode=Mode.PRACTICE).order_by("pk")[:6]:
        response = learner.post(f"/quizzes/{quiz.slug}/start/")
        if response.status_code != 302:
            sys.exit(f"starting {quiz.slug}: {response.status_code}")
        urls.append(response["Location"])
    if not urls:
        sys.exit("no practice quiz: load the shipped bank first")

    def fetch(i: int) -> None:
        response = learner.get(urls[i % len(urls)], **HTMX)
        assert response.status_code == 200 and b'id="question-card"' in response.content, response.status_code

    def healthz(i: int) -> None:
        assert floor.get("/healthz").status_code == 200

    cpu_ms(fetch, 2 * len(urls))  # every card cached, the session read once through the database
    with CaptureQueriesContext(connection) as captured:
        fetch(0)
    print(f"{connection.vendor}: statements per fetch {len(captured.captured_queries)}")
    fetches, floors = [], []
    for _ in range(args.rounds):
        fetches.append(cpu_ms(fetch, args.fetches))
        floors.append(cpu_ms(healthz, args.fetches))
    print("fetch ms/req   ", " ".join(f"{x:.2f}" for x in fetches))
    print("/healthz ms/req", " ".join(f"{x:.2f}" for x in floors))
    print(f"smallest: fetch {min(fetches):.2f}, /healthz {min(floors):.2f} ({min(floors) / min(fetches):.0%})")


if __name__ == "__main__":
    main()
