"""Run every benchmark side by side with its floor and write bench/RESULTS.md.

    make bench                                   # full run, about 8 minutes on 2 cores
    make bench BENCH_ARGS=--quick                # smoke run, about 2 minutes, same tables
    .venv/bin/python bench/run_all.py [--quick] [--workers 4] [--skip-postgres] [--profile auto|always|never]

This file is the driver; each phase is a module of bench/phases/ and bench/report.py writes the results.

1. HTTP (phases/http.py), on SQLite and on PostgreSQL (each a fresh, throw-away database built
   with migrate + import_articles seeds/ + load_content content/): gunicorn with sync workers on 127.0.0.1 and
   production settings (DEBUG=0), the learner journey replayed by bench/httpload.py: a
   concurrency sweep to find saturation, then at saturation the /healthz floor, question fetch
   only, and the journey; at half of saturation the journey again (answer p99). After each run the
   acknowledged answers are looked up in the database.
2. Statements per request (phases/inprocess.py: quiz page, start, question fetch, answer) for a
   10- and a 100-question quiz, and import/load timings against a parse-only floor: bench/inprocess.py, per database.
3. Anki export of 10,000 questions against raw genanki (phases/anki.py): bench/anki_export.py.

Where a target is missed, py-spy samples the workers under the same load and the profile goes
into the results. Everything started is stopped and every temporary database and folder removed,
also on failure or Ctrl-C. Traffic goes only to 127.0.0.1, bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `python bench/run_all.py`
    sys.path.insert(0, str(ROOT))

from bench import infra  # noqa: E402
from bench.phases.anki import anki_bench, anki_profile  # noqa: E402
from bench.phases.http import http_bench  # noqa: E402
from bench.phases.inprocess import inprocess_bench, load_profile, startup_wall  # noqa: E402
from bench.plan import ANKI_RATIO_TARGET, FULL, IMPORT_TARGET_S, QUICK, RESULTS_MD, log  # noqa: E402
from bench.report import render, with_hand_written  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (same tables, shorter phases)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4 = 2 per core)")
    parser.add_argument("--client-procs", type=int, default=1, help="load generator processes (default 1)")
    parser.add_argument("--skip-postgres", action="store_true", help="HTTP and in-process runs on SQLite only")
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        help="py-spy/cProfile the parts that miss their targets (default: auto; never with --quick)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_MD)
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    args.profile = args.profile or ("never" if args.quick else "auto")

    def on_term(signum, frame):
        raise KeyboardInterrupt  # run the finally blocks: stop gunicorn, drop the databases

    signal.signal(signal.SIGTERM, on_term)
    t0 = time.monotonic()
    report: dict = {
        "plan": plan,
        "args": args,
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load start": infra.load_average(),
        "http": {},
        "inprocess": {},
        "anki": {},
        "notes": [],
    }
    tmp = infra.temp_dir("quizapp-bench-")
    databases = [("SQLite", lambda suffix: infra.SqliteDB(tmp, f"bench{suffix}.sqlite3"))]
    if not args.skip_postgres:
        why = infra.PostgresDB.available()
        if why is None:
            databases.append(("PostgreSQL", lambda suffix: infra.PostgresDB(suffix)))
            report["notes"].append(
                "On PostgreSQL, `DATABASE_URL` connections are persistent, reused without a `SELECT 1` health check "
                "(`DB_CONN_HEALTH_CHECKS` off by default; bench/results/conn_health.md measures both)."
            )
        else:
            report["notes"].append(f"PostgreSQL not measured: {infra.PG_ADMIN_URL} did not answer ({why}).")
    report["notes"].append(
        "The load generator runs on the same two cores as the server (its share is the *client* CPU column), "
        "and so do other people's test runs on this machine (*other*): absolute req/s and latencies move "
        "with them from run to run, the ratios to the floor much less."
    )
    made: list = []
    try:
        static_root = tmp / "static"
        log("collectstatic into a temporary STATIC_ROOT (production settings)")
        infra.manage(["collectstatic", "--noinput"], infra.production_env({}, static_root))
        report["startup"] = startup_wall()
        for label, make in databases:
            db = make("_inproc")
            made.append(db)
            try:
                report["inprocess"][label] = inprocess_bench(db, plan, tmp)
            except Exception as exc:  # one failing part must not hide the others' numbers
                traceback.print_exc()
                report["inprocess"][label] = {"error": str(exc).splitlines()[0]}
            finally:
                db.drop()
        load_times = [
            r["commands"]["load_content content/"]["seconds"] for r in report["inprocess"].values() if "commands" in r
        ]
        if load_times and max(load_times) >= IMPORT_TARGET_S and args.profile != "never":
            log("load_content misses its target: cProfile of it on a fresh SQLite database")
            report["load profile"] = load_profile(tmp)
        report["anki"] = anki_bench(plan)
        if report["anki"].get("ratio", 0) > ANKI_RATIO_TARGET and args.profile != "never":
            log("the Anki export misses its target: cProfile of our writer")
            report["anki"]["profile"] = anki_profile(plan.anki_n, tmp)
        for label, make in databases:
            db = make("")
            made.append(db)
            try:
                report["http"][label] = http_bench(db, plan, args, static_root, tmp)
            except Exception as exc:
                traceback.print_exc()
                report["http"][label] = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
            finally:
                db.drop()
    except KeyboardInterrupt:
        log("interrupted: cleaning up, no results written")
        return 130
    finally:
        for db in made:
            with contextlib.suppress(Exception):
                db.drop()
        infra.remove_dir(tmp)
    report["elapsed"] = time.monotonic() - t0
    report["load end"] = infra.load_average()
    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    text = with_hand_written(render(report), previous)  # others' sections (## Scale, …) stay
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
