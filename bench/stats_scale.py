"""Item statistics at scale (issue 15, point 5): the pages that show them read stored rows.

    createdb -h 127.0.0.1 -U postgres stats_n2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stats_n2 .venv/bin/python bench/stats_scale.py --size L

Fills the database as bench/scale.py does (M: 5,000 questions / 200,000 answers / 50,000 reviews; L:
50,000 / 2,000,000 / 500,000), times `refresh_statistics` (what the worker does for every question
at once; afterwards it only refreshes the questions marked stale), then requests in-process, as an
editor: the question list, the list filtered to "needs attention", a question's page with its
statistics panel and an article's page with the sentences learners miss. For each: the median server
time of `--repeat` runs, the page's statements, and how many of them read item statistics or answers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.scale import SIZES, fill  # noqa: E402  (sets Django up)
from quizapp.library.models import Article, Question  # noqa: E402
from quizapp.quizzes.models import Answer  # noqa: E402
from quizapp.stats.models import ItemStatistic  # noqa: E402


def pages() -> list[tuple[str, str]]:
    flagged = ItemStatistic.objects.filter(flagged=True).order_by("pk").values_list("pk", flat=True).first()
    article = Article.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        ("question list", "/admin/library/question/"),
        ("needs attention", "/admin/library/question/?attention=yes"),
        ("question panel", f"/admin/library/question/{flagged}/change/"),
        ("coverage (article page)", f"/admin/library/article/{article}/change/"),
    ]


def measure(client: Client, url: str, repeat: int) -> dict:
    times, cpu, sql, statements, own = [], [], [], 0, 0
    for _ in range(repeat + 1):  # the first run warms caches and is not counted
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)  # this process only: less swayed by a busy machine
        sql.append(sum(float(q["time"]) for q in queries.captured_queries))
        assert response.status_code == 200, (url, response.status_code)
        statements = len(queries)
        own = sum("stats_itemstatistic" in q["sql"] or "quizzes_answer" in q["sql"] for q in queries)
    return {
        "ms": statistics.median(times[1:]) * 1000, "cpu_ms": statistics.median(cpu[1:]) * 1000,
        "sql_ms": statistics.median(sql[1:]) * 1000, "statements": statements, "stats": own,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["M", "L"], default="M")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-refresh", action="store_true", help="measure the stored rows as they are")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Question.objects.count() < SIZES[args.size][1]:
        started = time.perf_counter()
        with transaction.atomic():
            fill(args.size, 0, random.Random(15))
        print(f"filled {args.size} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    refresh_s = None
    if not args.skip_refresh or not ItemStatistic.objects.exists():
        started = time.perf_counter()
        call_command("refresh_statistics", stdout=sys.stderr)
        refresh_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE stats_itemstatistic")  # as autovacuum would after the rewrite
    editor, _ = get_user_model().objects.get_or_create(username="stats-bench", defaults={"is_superuser": True})
    editor.is_superuser = editor.is_staff = True
    editor.save()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    counts = (Question.objects.count(), Answer.objects.count(), ItemStatistic.objects.filter(flagged=True).count())
    print(f"{connection.vendor}: {counts[0]:,} questions, {counts[1]:,} answers, {counts[2]:,} flagged")
    if refresh_s is not None:
        print(f"refresh_statistics (every question): {refresh_s:.1f} s")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| page | server ms (median) | Python CPU ms | SQL ms | statements | of which statistics/answers |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, url in pages():
        row = measure(client, url, args.repeat)
        print(
            f"| {name} | {row['ms']:.1f} | {row['cpu_ms']:.1f} | {row['sql_ms']:.1f} | {row['statements']} "
            f"| {row['stats']} |"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
