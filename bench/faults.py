"""Faults under load: a gunicorn worker killed, PostgreSQL or Redis black-holed or refusing,
each while learners answer questions; how many answers were acknowledged, stored, lost, duplicated.

    .venv/bin/python -m bench.faults [--learners 8] [--workers 2] [--fault-s 15] [--only NAME…]

A fresh PostgreSQL database with the shipped bank (migrate, import_articles, load_content);
gunicorn as in production (DEBUG=0, sync workers, REDIS_URL) reaching PostgreSQL and Redis each
through a TCP proxy of tests/resilience/proxy.py, so the run can cut them away for real. For each
scenario a fresh gunicorn, learners (bench/faultload.py) for `--before-s`, the fault for `--fault-s`,
the restore, learners for `--after-s` more. Every submission carries a unique number (stored as the
answer's `time_taken_ms`), so "stored" is counted in the database, directly, not through the proxy.

- worker-kill: SIGKILL to one worker; the fault lasts until gunicorn has started its replacement.
- postgres-blackhole: the proxy holds connections open and forwards nothing; the restore cuts them
  and forwards again (the held requests fail then, unless a timeout failed them before).
- postgres-refused: PostgreSQL's proxy closes every connection and refuses new ones.
- redis-blackhole: the same for Redis.
- redis-refused: Redis's proxy closes every connection and refuses new ones.

Writes bench/results/faults.json (figures, per-second outcomes, the slowest requests) and the
"## Faults under load" section of bench/RESULTS.md (that section only). Traffic goes only to
127.0.0.1; everything started is stopped, the database dropped, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import re
import signal
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `python bench/faults.py`
    sys.path.insert(0, str(ROOT))

from bench import infra  # noqa: E402
from bench.faultload import Event, RecordingLearner, journey, slowest, summarise, timeline  # noqa: E402
from bench.plan import RESULTS_DIR, RESULTS_MD, SCRATCH, log  # noqa: E402
from bench.stats import md_table  # noqa: E402
from quizapp.deadline import UNREACHABLE_PAUSE_S  # noqa: E402
from tests.resilience.proxy import TcpProxy  # noqa: E402

SCENARIOS = ("worker-kill", "postgres-blackhole", "postgres-refused", "redis-blackhole", "redis-refused")
SECTION = "## Faults under load"
REDIS = ("127.0.0.1", 6379)


class Rig:
    """The database, the two proxies and the environment a gunicorn needs to reach them through them."""

    def __init__(self, tmp: Path) -> None:
        self.db = infra.PostgresDB("_faults")
        self.pg = TcpProxy("127.0.0.1", 5432)
        self.redis = TcpProxy(*REDIS)
        direct = infra.production_env(self.db.env, tmp / "static")
        prefix = f"bench-faults-{uuid.uuid4().hex}"
        self.direct = {**direct, "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/12", "CACHE_KEY_PREFIX": prefix}
        proxied_db = self.db.url.replace("127.0.0.1:5432", f"127.0.0.1:{self.pg.port}")
        assert proxied_db != self.db.url, self.db.url
        self.env = {**self.direct, "DATABASE_URL": proxied_db, "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/12"}

    def build(self) -> None:
        infra.build_database(self.db, self.direct)
        infra.manage(["collectstatic", "--noinput"], self.direct)
        self.pg.start()
        self.redis.start()

    def stop(self) -> None:
        self.pg.stop()
        self.redis.stop()
        self.db.drop()

    def stored(self, low: int, high: int) -> dict[int, int]:
        rows = self.db.query(
            "SELECT time_taken_ms, COUNT(*) FROM quizzes_answer WHERE time_taken_ms BETWEEN %s AND %s GROUP BY 1",
            [low, high],
        )
        return dict(rows)

    def constraint_checks(self) -> dict:
        """The rule that keeps a resent answer from being stored twice, and whether any pair broke it."""
        constraint = self.db.query("SELECT 1 FROM pg_constraint WHERE conname = %s", ["one_answer_per_question"])
        pairs = self.db.query(
            "SELECT COUNT(*) FROM (SELECT attempt_id, question_id FROM quizzes_answer "
            "GROUP BY 1, 2 HAVING COUNT(*) > 1) AS twice",
            [],
        )
        return {"unique (attempt, question) in the database": bool(constraint), "pairs stored twice": pairs[0][0]}


async def _replacement(server: infra.Gunicorn, killed: int) -> None:
    while True:
        pids = server.worker_pids()
        if killed not in pids and len(pids) == server.workers:
            return
        await asyncio.sleep(0.05)


async def _inflict(name: str, rig: Rig, server: infra.Gunicorn, fault_s: float) -> tuple[float, float, dict]:
    """Start the fault, wait, restore; (fault moment, restore moment, what was done)."""
    note: dict = {}
    fault = time.perf_counter()
    if name == "worker-kill":
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        await _replacement(server, victim)
        note["killed pid"] = victim
        return fault, time.perf_counter(), note
    proxy = rig.pg if name.startswith("postgres") else rig.redis
    if name.endswith("blackhole"):
        proxy.black_hole()
    else:
        proxy.stop()
    await asyncio.sleep(fault_s)
    restore = time.perf_counter()
    proxy.stop()  # cut what the fault held; then forward again
    proxy.start()
    return fault, restore, note


async def _scenario(name: str, rig: Rig, server: infra.Gunicorn, args, slugs: list[str], tokens) -> dict:
    events: list[Event] = []
    crowd = [RecordingLearner(server.port, random.Random(i), events, tokens) for i in range(args.learners)]
    origin = time.perf_counter()
    deadline = origin + args.before_s + args.fault_s + args.after_s
    learners = [asyncio.create_task(journey(learner, deadline, slugs)) for learner in crowd]
    await asyncio.sleep(args.before_s)
    fault, restore, note = await _inflict(name, rig, server, args.fault_s)
    await asyncio.gather(*learners)
    return {"events": events, "origin": origin, "fault": fault, "restore": restore, "note": note}


def run_one(name: str, rig: Rig, args, slugs: list[str], tmp: Path, first_token: int) -> dict:
    tokens = itertools.count(first_token)
    log(f"{name}: gunicorn with {args.workers} workers, {args.learners} learners")
    load_start = infra.load_average()
    with infra.Gunicorn(rig.env, args.workers, tmp) as server:
        seen = asyncio.run(_scenario(name, rig, server, args, slugs, tokens))
        log_tail = [line for line in server.log_tail(400).splitlines() if "Unprocessable Entity" not in line][-30:]
    events, origin = seen["events"], seen["origin"]
    last_token = next(tokens) - 1
    figures = summarise(events, seen["fault"], seen["restore"], rig.stored(first_token, last_token))
    log(f"{name}: {json.dumps({k: v for k, v in figures.items() if not isinstance(v, dict)}, default=str)}")
    return {
        "scenario": name,
        "load average at start": load_start,
        "load average at end": infra.load_average(),
        "fault at s": round(seen["fault"] - origin, 3),
        "restore at s": round(seen["restore"] - origin, 3),
        **seen["note"],
        "figures": figures,
        "per second": timeline(events, origin),
        "slowest requests": slowest(events, origin),
        "gunicorn log tail (no 422 lines)": log_tail,
    }


# ---------------------------------------------------------------------------------------------
# RESULTS.md


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


ROWS = [
    ("requests sent", "requests sent"),
    ("acknowledged (2xx; a start's 302)", "acknowledged"),
    ("refused cleanly (503 + Retry-After)", "refused cleanly (503 + Retry-After)"),
    ("refused otherwise (4xx)", "refused otherwise (4xx)"),
    ("other errors (5xx, timeouts, resets)", "other errors"),
    ("answer submissions (distinct)", "submissions"),
    ("answer requests sent (with resends)", "answer requests sent"),
    ("submissions acknowledged", "submissions acknowledged"),
    ("submissions stored (rows counted)", "submissions stored"),
    ("stored, never acknowledged", "stored, never acknowledged"),
    ("**lost** (acknowledged, not stored)", "lost (acknowledged, not stored)"),
    ("**duplicated** (stored twice)", "duplicated (stored twice)"),
]
TIMES = [
    ("fault lasted (s)", "fault lasted s"),
    ("fault → first 503 (s)", "fault to first 503 s"),
    ("longest request during the fault (s)", "longest request during the fault s"),
    ("longest stretch without any success (s)", "longest stretch without a success s"),
    ("restore → first success (s)", "restore to first success s"),
]


def _rate(run: dict) -> float:
    """Acknowledged requests per second while the fault lasted (whole seconds inside it)."""
    first, last = int(run["fault at s"]) + 1, int(run["restore at s"]) - 1
    inside = [row.get("acknowledged", 0) for row in run["per second"] if first <= row["second"] <= last]
    return sum(inside) / max(1, last - first + 1)


def findings(report: dict) -> list[str]:
    """What the figures mean, said only when the figures show it (so a rerun never keeps a stale claim)."""
    said = []
    for run in report["scenarios"]:
        name, f = run["scenario"], run["figures"]
        if f["lost (acknowledged, not stored)"] or f["duplicated (stored twice)"]:
            said.append(
                f"- **{name}: {f['lost (acknowledged, not stored)']} acknowledged answers lost, "
                f"{f['duplicated (stored twice)']} stored twice.**"
            )
        held = f["longest request during the fault s"] or 0
        bound = report["db_connect_timeout"] + report["db_request_deadline_s"]  # a new connection, then a statement
        if name.startswith("postgres") and held <= bound + 1:
            refused = ", ".join(f"{k} {v}" for k, v in f["refused cleanly by endpoint"].items())
            said.append(
                f"- {name}: 503 + Retry-After ({refused or 'none'}), the first {_s(f['fault to first 503 s'])} s "
                f"after the fault; the longest request took {held:.1f} s, queueing included: a worker gives up on a "
                f"statement after the deadline it keeps itself ({report['db_request_deadline_s']:g} s), on a new "
                f"connection after `connect_timeout` ({report['db_connect_timeout']} s), and after a connection "
                f"timed out refuses new ones at once for {report['db_unreachable_pause_s']:g} s "
                f"(quizapp/deadline.py); {_rate(run):.1f} acknowledged requests/s during the fault."
            )
        if name == "postgres-blackhole" and held > bound + 1:
            said.append(
                f"- postgres-blackhole: requests were held up to {held:.1f} s and nothing succeeded for "
                f"{f['longest stretch without a success s']:.1f} s of the {f['fault lasted s']:.0f} s fault: "
                f"`connect_timeout` ({report['db_connect_timeout']} s) bounds only a new connection (the 503s), "
                "while a worker's persistent connection waits for an answer until it is "
                "cut (here by the restore; otherwise by gunicorn's worker timeout, a reset, not a 503). "
                "`statement_timeout` is enforced by the server, which never sees the statement, and "
                "`tcp_user_timeout`/keepalives act on unacknowledged data, which a peer's TCP stack (this proxy, a "
                "pooler, a hung host) still acknowledges."
                + (" No acknowledged answer was lost." if not f["lost (acknowledged, not stored)"] else "")
            )
        if name.startswith("redis") and f["fault to first 503 s"] is None and held > 3:
            said.append(
                f"- {name}: no 503 — sessions are read from the database when the cache fails "
                "(accounts/sessions.py), and of this journey only a start counts in the cache — but each request "
                f"first waits for Redis to time out: {_rate(run):.1f} acknowledged requests/s during the fault against "
                f"{report['learners']} learners, requests up to {held:.1f} s (queued behind those timeouts)."
            )
        elif name.startswith("redis") and f["fault to first 503 s"] is not None:
            refused = ", ".join(f"{k} {v}" for k, v in f["refused cleanly by endpoint"].items())
            said.append(
                f"- {name}: {_rate(run):.1f} acknowledged requests/s during the fault (sessions read from the "
                f"database); 503 + Retry-After where the cache is needed ({refused}), the first "
                f"{f['fault to first 503 s']:.1f} s after the fault."
            )
    return said


def render(report: dict) -> str:
    runs = report["scenarios"]
    head = ["", *(r["scenario"] for r in runs)]
    rows = [[label, *(f"{r['figures'][key]:,}" for r in runs)] for label, key in ROWS]
    rows += [[label, *(_s(r["figures"][key]) for r in runs)] for label, key in TIMES]
    errors = "; ".join(
        f"{r['scenario']}: " + ", ".join(f"{k} {v}" for k, v in r["figures"]["other errors by kind"].items())
        for r in runs
        if r["figures"]["other errors by kind"]
    )
    checks = report["constraint"]
    loads = ", ".join(f"{r['scenario']} {r['load average at start']}" for r in runs)
    return "\n".join(
        [
            SECTION,
            "",
            f"Measured separately by `.venv/bin/python -m bench.faults` on {report['started']} (not part of "
            "`make bench`; what it does is at the top of [faults.py](faults.py)); raw figures, per-second "
            "outcomes and the slowest requests in [results/faults.json](results/faults.json). "
            f"gunicorn {report['workers']} sync workers, `DEBUG=0`, PostgreSQL and Redis each behind a TCP "
            f"proxy; {report['learners']} learners answering questions (open quiz, start, question, answer), "
            f"each submission numbered so rows are counted in the database; a submission that met a 503 or no "
            f"answer is resent (same number) up to 3 times, 1 s apart. Each scenario: {report['before_s']} s "
            f"of load, the fault ({report['fault_s']} s, or until gunicorn replaced the worker), "
            f"{report['after_s']} s after the restore (a black hole's restore cuts the connections it held, then "
            f"forwards again; a refusing proxy just accepts again). Machine load (1/5/15 min) at each start: "
            f"{loads} — a 2-core machine shared with other agents' test runs, so seconds are upper bounds.",
            "",
            md_table(head, rows),
            "",
            f"Other errors: {errors or 'none'}. The database has the unique (attempt, question) constraint: "
            f"{'yes' if checks['unique (attempt, question) in the database'] else 'NO'}; pairs stored twice "
            f"in the whole run: {checks['pairs stored twice']}.",
            *([""] + report["findings"] if report.get("findings") else []),
            "",
        ]
    )


def write_section(text: str, path: Path = RESULTS_MD) -> None:
    """Replace this section in RESULTS.md (or append it), leaving every other section as it is."""
    current = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + ("\n" if not text.endswith("\n\n") else ""), current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--before-s", type=float, default=5)
    parser.add_argument("--fault-s", type=float, default=15)
    parser.add_argument("--after-s", type=float, default=15)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="print the section; leave RESULTS.md alone (JSON into bench/results/tmp/)",
    )
    args = parser.parse_args(argv)
    if why := infra.PostgresDB.available():
        log(f"PostgreSQL does not answer at {infra.PG_ADMIN_URL}: {why}")
        return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt  # run the finally blocks: stop gunicorn and the proxies, drop the database

    signal.signal(signal.SIGTERM, on_term)
    tmp = infra.temp_dir("quizapp-faults-")
    rig = Rig(tmp)
    report: dict = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **{k: getattr(args, k) for k in ("workers", "learners", "before_s", "fault_s", "after_s")},
        "db_connect_timeout": int(rig.env.get("DB_CONNECT_TIMEOUT", "5")),  # quizapp/settings.py's default
        "db_request_deadline_s": int(rig.env.get("DB_REQUEST_STATEMENT_TIMEOUT_MS", "5000")) / 1000,  # as above
        "db_unreachable_pause_s": UNREACHABLE_PAUSE_S,
        "scenarios": [],
    }
    try:
        log("building the database (migrate, import_articles, load_content) and collecting static files")
        rig.build()
        slugs = infra.article_quiz_slugs(rig.db)
        for n, name in enumerate(args.only):
            report["scenarios"].append(run_one(name, rig, args, slugs, tmp, first_token=1_000_000 * (n + 1)))
        report["constraint"] = rig.constraint_checks()
        report["findings"] = findings(report)
    except KeyboardInterrupt:
        log("interrupted: cleaning up, no results written")
        return 130
    finally:
        with contextlib.suppress(Exception):
            rig.stop()
        infra.remove_dir(tmp)
    text = render(report)
    print(text)
    folder = SCRATCH if args.no_write else RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faults.json").write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    if not args.no_write:
        write_section(text)
        log("wrote bench/results/faults.json and the faults section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
