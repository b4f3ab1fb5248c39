"""The sections of bench/RESULTS.md after the targets: the evidence behind each verdict, with its tables."""

from __future__ import annotations

import math
import re
from importlib.metadata import version

from bench.stats import fmt, md_table, verdict


def ms(value: float) -> str:
    return fmt(value, 1)


def _errors(row: dict) -> str:
    if not row["errors"]:
        return "0"
    reasons = ", ".join(f"{reason} ×{n}" for reason, n in row.get("reasons", {}).items())
    return f"**{row['errors']}** ({reasons})" if reasons else f"**{row['errors']}**"


def cpu_cell(phase: dict) -> str:
    cpu = phase["cpu"]
    parts = [f"server {cpu['server cores']:.2f}", f"client {cpu['client cores']:.2f}"]
    if cpu["database cores"]:
        parts.append(f"PostgreSQL {cpu['database cores']:.2f}")
    parts.append(f"other {cpu['other cores']:.2f}")
    return " · ".join(parts)


def endpoint_table(phases: list[tuple[str, dict]], floor_rps: float | None = None) -> str:
    rows = []
    for label, phase in phases:
        for endpoint, row in phase["endpoints"].items():
            share = f"{row['rps'] / floor_rps:.0%}" if floor_rps and phase["kind"] == "fetch" else ""
            rows.append(
                [
                    label, endpoint, phase["concurrency"], fmt(row["rps"]), share, ms(row["p50"]), ms(row["p95"]),
                    ms(row["p99"]), ms(row["max"]), fmt(row["ok"]), _errors(row),
                ]
            )  # fmt: skip
    headers = [
        "phase",
        "endpoint",
        "learners",
        "req/s",
        "of floor",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "ok",
        "errors",
    ]
    return md_table(headers, rows, "llrrrrrrrrr")


def sweep_table(result: dict) -> str:
    rows = []
    for phase in result["sweep"]:
        total, answer = phase["total"], phase["endpoints"].get("answer", {})
        mark = " ← saturation" if phase["concurrency"] == result["saturation"] else ""
        mark += " ← half" if phase["concurrency"] == result["half"] else ""
        rows.append(
            [
                f"{phase['concurrency']}{mark}", fmt(total["rps"]), fmt(phase["journeys"]), ms(total["p50"]),
                ms(total["p99"]), ms(answer.get("p99", math.nan)), _errors(total),
                fmt(phase["cpu"]["server ms/request"], 2), cpu_cell(phase),
            ]
        )  # fmt: skip
    headers = [
        "learners", "req/s (all)", "attempts started", "p50 ms", "p99 ms", "answer p99 ms", "errors",
        "server CPU ms/req", "CPU cores used",
    ]  # fmt: skip
    return md_table(headers, rows, "lrrrrrrrl")


def lost_table(results: dict) -> str:
    rows, keys = [], []
    for label, result in results.items():
        if "answers" not in result:
            continue
        keys = list(result["answers"])
        totals = [fmt(n) for n in result["answers"].values()]
        rows.append([label, len(result["all_journeys"]), *totals, verdict(result["nothing lost"])])
    return md_table(["database", "journey runs", *keys, "verdict"], rows) if rows else "_no HTTP runs_"


def statements_table(inproc: dict) -> str:
    rows = []
    for label, result in inproc.items():
        if "error" in result:  # named as not run in the targets; a failed part must not stop the report
            continue
        for size, row in result["queries"].items():
            fetch = sorted({r["statements"] for r in row["fetch"]})
            cached = sorted({r["statements"] for r in row.get("fetch cached", row["fetch"])})
            answer = sorted({r["statements"] for r in row["answer"]})
            control = sorted({r["transaction control"] for r in row["answer"]})
            rows.append(
                [
                    label, size, row["quiz page"]["statements"], row["start"]["statements"],
                    "–".join(map(str, (fetch[0], fetch[-1]))) if len(fetch) > 1 else fetch[0],
                    "–".join(map(str, (cached[0], cached[-1]))) if len(cached) > 1 else cached[0],
                    "–".join(map(str, (answer[0], answer[-1]))) if len(answer) > 1 else answer[0],
                    "/".join(map(str, control)),
                ]
            )  # fmt: skip
    headers = [
        "database", "questions in quiz", "quiz page", "start", "question fetch (every position)",
        "the same fetch again (card cached)", "answer (every position)", "+ transaction control per answer",
    ]  # fmt: skip
    return md_table(headers, rows)


def statements_listing(inproc: dict) -> str:
    parts = []
    for label, result in inproc.items():
        if "error" in result:
            continue
        biggest = max(result["queries"], key=int)
        for name, statements in result["queries"][biggest]["statements"].items():
            body = "\n".join(statements) or "(none)"
            parts.append(
                f"**{label}, {biggest}-question quiz, {name}** ({len(statements)} statements)\n\n```sql\n{body}\n```"
            )
    return "\n\n".join(parts)


def profile_md(label: str, kind: str, summary: dict) -> str:
    if "error" in summary:
        return f"#### {label}: {kind}\n\nNo profile: {summary['error']}\n"
    total = summary["samples"] or 1
    areas = md_table(["area (leaf-most frame that belongs to it)", "samples", "share"],
                     [[a, fmt(n), f"{n / total:.0%}"] for a, n in summary["areas"]])  # fmt: skip
    own = md_table(["function (self time)", "samples", "share"],
                   [[f"`{f}`", fmt(n), f"{n / total:.0%}"] for f, n in summary["self"][:10]])  # fmt: skip
    incl = md_table(["function (inclusive)", "samples", "share"],
                    [[f"`{f}`", fmt(n), f"{n / total:.0%}"] for f, n in summary["inclusive"][:15]])  # fmt: skip
    return (
        f"#### {label}: {kind} ({summary['load']}, {fmt(summary['samples'])} samples in request handling, "
        f"{fmt(summary['requests'])} requests; raw stacks in `{summary['raw']}`, git-ignored)\n\n"
        f"{areas}\n\n{incl}\n\n{own}\n"
    )


def cprofile_md(profile: dict, lead: str, summary: str) -> list[str]:
    total = profile["total"]
    rows = [[f"`{f}`", f"{t:.3f}", f"{t / total:.0%}"] for f, t in profile["functions"]]
    return [
        f"{lead} took {total:.2f} s; cumulative time by function:",
        "",
        md_table(["function", "cumulative s", "share"], rows),
        "",
        f"<details><summary>{summary}</summary>",
        "",
        "```",
        profile["text"].strip(),
        "```",
        "",
        "</details>",
        "",
    ]


def http_section(report: dict) -> list[str]:
    """HTTP under load: the set-up, then per database the sweep and the phases."""
    plan, args, http = report["plan"], report["args"], report["http"]
    lines = [
        "## HTTP under load",
        "",
        f"gunicorn {version('gunicorn')} with **{args.workers} sync workers** on 127.0.0.1 serving `quizapp.wsgi` "
        "with production settings: `DEBUG=0`, a generated `SECRET_KEY`, `ALLOWED_HOSTS=127.0.0.1`, secure "
        "cookies, SSL redirect and HSTS on, static files collected into a temporary `STATIC_ROOT` "
        "(`bench/bench_settings.py` changes only that), and Redis at 127.0.0.1 as the shared cache (`REDIS_URL`, "
        "a key prefix of the run's own): sessions are read through it; the rendered question cards stay in each "
        "worker (`CACHES['cards']`, keyed by the content version read from the database). Four workers on two "
        "cores: sync workers spend part "
        "of each request waiting on the database and on the socket, so two per core keep both cores busy, "
        "while gunicorn's usual 2×cores+1 would only add context switches on a machine that also runs the "
        "load generator (and PostgreSQL).",
        "",
        "The load generator (`bench/httpload.py`, asyncio, one process) plays learners behind a TLS-terminating "
        "proxy: every request says `X-Forwarded-Proto: https`, the Secure cookies are kept per learner by hand, "
        "POSTs carry the `csrftoken` cookie as `X-CSRFToken` plus a matching `Origin`/`Referer`. Each request is "
        "timed with `time.perf_counter` from connect to the last byte. A learner loops: open an article quiz, "
        "start (302), then question fetch (`HX-Request`) and answer (`HX-Request`, a plausible right-or-wrong "
        "answer of the question's type) until the attempt is done, then again. *Fetch only* learners start one "
        "attempt per article quiz (untimed) and then fetch their current questions in turn. Requests in flight at "
        "the end of a phase are completed and counted, never cancelled. The client sends its FIN right after the "
        "request (as a proxy that has nothing more to send): gunicorn 27 lingers after each response until the "
        "client closes (`close_graceful`), and a Python client's event-loop delay would otherwise hold the sync "
        "workers and be measured as server throughput.",
        "",
        f"Saturation = where throughput stops rising: the first level of the sweep after which the next adds less "
        f"than 5% req/s; the floor "
        f"and fetch-only phases run at max(saturation, 2×workers) learners so that both sides are saturated. "
        f"Phases: sweep {plan.sweep_s:g} s per level, others {plan.phase_s:g} s.",
        "",
    ]
    for label, result in http.items():
        lines += [f"### {label}", ""]
        if "error" in result:
            lines += [f"Not run: {result['error']}", ""]
            continue
        build = ", ".join(f"`{k}` {v:.2f} s" for k, v in result["build"].items())
        lines += [
            f"Database built by the commands (wall time, start-up included): {build}. Article quizzes: "
            f"{', '.join(result['slugs'])}.",
            "",
            "Concurrency sweep (learner journey):",
            "",
            sweep_table(result),
            "",
            f"Saturation: **{result['saturation']} learners**; half: **{result['half']}**.",
            "",
            endpoint_table(
                [
                    ("floor", result["floor"]),
                    ("fetch only", result["fetch"]),
                    ("journey at saturation", result["saturation_run"]),
                    ("floor at half", result["half floor"]),
                    ("journey at half", result["half_run"]),
                ],
                floor_rps=result["floor"]["total"]["rps"],
            ),
            "",
            "CPU during the phases (cores; *other* = everything on the machine that is not this benchmark): "
            + "; ".join(
                f"{name} — {cpu_cell(result[key])}, server {fmt(result[key]['cpu']['server ms/request'], 2)} ms CPU/req"
                for name, key in (
                    ("floor", "floor"),
                    ("fetch only", "fetch"),
                    ("journey at saturation", "saturation_run"),
                    ("journey at half", "half_run"),
                )
            )
            + ".",
            "",
        ]
    lines += ["### Nothing lost under load", "", lost_table(http), ""]
    lines += [
        "After every journey run (sweep included) the benchmark looks up, in the database, each (attempt, "
        "question) pair the server acknowledged with a 200 to the answer POST; *rows nobody was told about* are "
        "answers stored for requests that failed on the client side (0 means none); each attempt's position must "
        "equal its number of answers.",
        "",
    ]
    return lines


def statements_section(report: dict) -> list[str]:
    """Statements per request, with the statements themselves folded away."""
    inproc = report["inprocess"]
    lines = [
        "## Statements per request",
        "",
        "In-process with the Django test Client and `CaptureQueriesContext` (development settings; the "
        "statements do not depend on `DEBUG`), on a fresh database with the shipped bank, for a curated "
        "10-question and 100-question quiz, answering every question; counts exclude transaction control "
        "(`BEGIN`, `COMMIT`, `SAVEPOINT`, `RELEASE`, `ROLLBACK`), which is counted apart. Reported only: the "
        "query-count optimisation is someone else's work in progress.",
        "",
        statements_table(inproc),
        "",
        "<details><summary>The statements (largest quiz; first and last question)</summary>",
        "",
        statements_listing(inproc),
        "",
        "</details>",
        "",
    ]
    return lines


def import_load_section(report: dict) -> list[str]:
    """Import and load against their parse-only floors."""
    plan, http, inproc = report["plan"], report["http"], report["inprocess"]
    lines = [
        "## Import and load",
        "",
        "In one Django process on a fresh, migrated database (start-up excluded), against floors that read and "
        f"parse the same files without a database (best of {plan.repeat}). The whole command's wall time comes "
        "from building the HTTP benchmark's database; `manage.py check` is the start-up alone.",
        "",
    ]
    rows = []
    for label, result in inproc.items():
        if "error" in result:
            rows.append([label, "not run", "", "", "", "", ""])
            continue
        floors = result["floors"]
        pairs = (
            ("import_articles seeds/", "seeds: read + parse_article"),
            ("load_content content/", "content: read + yaml.safe_load"),
        )
        for command, floor_name in pairs:
            cmd = result["commands"][command]
            wall = http.get(label, {}).get("build", {}).get(command)
            rows.append(
                [
                    label, f"`{command}`", f"{cmd['seconds']:.3f}", fmt(cmd["statements"]),
                    f"{floors[floor_name]:.3f} ({floor_name})", f"{cmd['seconds'] / floors[floor_name]:.1f}×",
                    f"{wall:.2f}" if wall else "–",
                ]
            )  # fmt: skip
    lines += [
        md_table(
            ["database", "command", "in-process s", "SQL statements", "floor s", "ratio", "whole command s"],
            rows,
            "llrrlrr",
        ),
        "",
        f"Start-up alone (`manage.py check`, best of 2): {report['startup']:.2f} s. "
        + "; ".join(
            f"{name}: {seconds:.3f} s"
            for name, seconds in next(iter(r["floors"] for r in inproc.values() if "floors" in r), {}).items()
        )
        + ".",
        "",
    ]
    if report.get("load profile"):
        lines += cprofile_md(
            report["load profile"],
            "`load_content` misses its target. Under cProfile (which slows it down) it",
            "cProfile of <code>load_content content/</code> (fresh SQLite database)",
        )
    return lines


def anki_section(report: dict) -> list[str]:
    """The Anki benchmark's own table, and its profile when it misses."""
    plan, anki = report["plan"], report["anki"]
    lines = ["## Anki export", "", "`bench/anki_export.py`, run by `run_all.py`:", ""]
    lines += [re.sub(r"^# ", "### ", anki.get("table", f"Failed: {anki.get('error')}").strip()), ""]
    if anki.get("profile"):
        lines += cprofile_md(
            anki["profile"],
            "The export misses its target. Under cProfile (which slows it down) our writer",
            f"cProfile of <code>write_apkg</code> on the benchmark's {plan.anki_n:,} notes",
        )
    return lines


def profiles_section(report: dict) -> list[str]:
    """The py-spy profiles taken where an HTTP target was missed."""
    profiles = [(label, kind, s) for label, r in report["http"].items() for kind, s in r.get("profiles", {}).items()]
    if not profiles:
        return []
    return [
        "## Profiles",
        "",
        "py-spy sampling all gunicorn workers (200 Hz, `--nonblocking`) under the load named, in a separate "
        "phase (its numbers are not used above). Areas: each sample goes to the leaf-most frame that belongs "
        "to a known area.",
        "",
        *(profile_md(label, kind, s) for label, kind, s in profiles),
    ]
