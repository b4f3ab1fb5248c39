"""HTTP under load on one database: gunicorn on a fresh database, a concurrency sweep, the floor,
fetch-only and journey phases, the CPU each took, the "nothing lost" check, py-spy where a target
is missed."""

from __future__ import annotations

import itertools
import math
import subprocess
import time
import uuid
from pathlib import Path

from bench import httpload, infra, profiling
from bench.plan import ANSWER_P99_TARGET_MS, FETCH_SHARE_TARGET, ROOT, SCRATCH, Plan, log
from bench.stats import saturation_point, summarize


def pg_backend_pids(db) -> list[int]:
    if not isinstance(db, infra.PostgresDB):
        return []
    rows = db.query("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db.name])
    return [pid for (pid,) in rows]


def measure(server: infra.Gunicorn, db, kind: str, concurrency: int, seconds: float, slugs, procs: int) -> dict:
    """One phase: the load, the CPU it took (server, client, database, everything else), and for
    journeys the check that every acknowledged answer is stored exactly once."""
    db_pids = pg_backend_pids(db)
    start: dict[str, float] = {}

    def snapshot() -> None:  # when the timed part starts (after the fetch phase's untimed setup)
        start.update(busy=infra.machine_cpu_s()[0], server=infra.process_cpu_s(server.pids()))
        start["db"] = infra.process_cpu_s(db_pids)

    if procs == 1:
        data = httpload.run_phase(kind, server.port, concurrency, seconds, slugs, seed=concurrency, on_start=snapshot)
    else:
        snapshot()
        data = httpload.run_phase(kind, server.port, concurrency, seconds, slugs, procs=procs, seed=concurrency)
    busy1, _ = infra.machine_cpu_s()
    busy0, server0, db0 = start["busy"], start["server"], start["db"]
    db_pids = sorted(set(db_pids) | set(pg_backend_pids(db)))
    server_cpu, db_cpu = infra.process_cpu_s(server.pids()) - server0, infra.process_cpu_s(db_pids) - db0
    wall = data.seconds
    endpoints = {}
    for endpoint in [*httpload.ENDPOINTS, *sorted(data.errors)]:
        latencies = data.latencies.get(endpoint, [])
        errors = data.errors.get(endpoint, {})
        if latencies or errors:
            endpoints[endpoint] = summarize(latencies, sum(errors.values()), wall) | {"reasons": dict(errors)}
    everything = [x for values in data.latencies.values() for x in values]
    error_count = sum(sum(c.values()) for c in data.errors.values())
    total = summarize(everything, error_count, wall)
    requests = total["ok"] + total["errors"]
    result = {
        "kind": kind,
        "concurrency": concurrency,
        "seconds": wall,
        "endpoints": endpoints,
        "total": total,
        "cpu": {
            "server cores": server_cpu / wall,
            "client cores": data.client_cpu_s / wall,
            "database cores": db_cpu / wall,
            "other cores": max(0.0, (busy1 - busy0) - server_cpu - data.client_cpu_s - db_cpu) / wall,
            "server ms/request": 1000 * server_cpu / requests if requests else math.nan,
            "database ms/request": 1000 * db_cpu / requests if requests else math.nan,
        },
        "journeys": len(data.latencies.get("start", [])),
    }
    if kind == "journey":
        result["answers"] = infra.check_answers(db, data.acked)
    return result


def profile_phase(server, kind: str, concurrency: int, seconds: int, slugs, label: str) -> dict:
    """The same load once more with py-spy sampling every worker from the moment the timed part starts."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    raw = SCRATCH / f"profile-{label}.txt"
    raw.unlink(missing_ok=True)
    spies: list[subprocess.Popen] = []

    def attach() -> None:
        spies.append(profiling.record(server.proc.pid, seconds, raw))
        time.sleep(0.5)  # py-spy needs a moment to attach to the workers

    if profiling.py_spy() is None:
        return {"error": "py-spy is not installed (pip install -r requirements-dev.txt)"}
    data = httpload.run_phase(kind, server.port, concurrency, seconds, slugs, seed=99, on_start=attach)
    err = b""
    for spy in spies:
        try:
            _, err = spy.communicate(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            spy.kill()
            _, err = spy.communicate()
    if not raw.exists():
        return {"error": f"py-spy wrote no profile: {err.decode(errors='replace')[-300:]}"}
    summary = profiling.summarize_collapsed(raw.read_text(errors="replace"))
    summary["raw"] = str(raw.relative_to(ROOT))
    summary["requests"] = sum(len(v) for v in data.latencies.values())
    summary["load"] = f"{kind}, {concurrency} learners, {seconds} s"
    return summary


BENCH_REDIS = "redis://127.0.0.1:6379/12"


def http_bench(db, plan: Plan, args, static_root: Path, tmp: Path) -> dict:
    env = infra.production_env(db.env, static_root)
    # As in production: several workers share Redis (gunicorn.conf.py refuses them without), under a
    # prefix of this run's own, removed at the end.
    prefix = f"bench-{uuid.uuid4().hex}"
    env.update(REDIS_URL=BENCH_REDIS, CACHE_KEY_PREFIX=prefix)
    try:
        return _http_bench(db, env, plan, args, tmp)
    finally:
        _drop_redis_keys(prefix)


def _drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(BENCH_REDIS)
    try:
        for keys in itertools.batched(client.scan_iter(match=f"{prefix}:*", count=1000), 1000):
            client.delete(*keys)
    except redis.RedisError as exc:
        log(f"could not remove the run's keys from Redis ({prefix}:*): {exc}")
    finally:
        client.close()


def _http_bench(db, env: dict, plan: Plan, args, tmp: Path) -> dict:
    log(f"{db.label}: building a fresh database (migrate, import_articles seeds/, load_content content/)")
    build = infra.build_database(db, env)
    slugs = infra.article_quiz_slugs(db)
    out: dict = {"build": build, "slugs": slugs, "profiles": {}}
    with infra.Gunicorn(env, args.workers, tmp) as server:
        log(f"{db.label}: gunicorn up on 127.0.0.1:{server.port} ({args.workers} sync workers, DEBUG=0)")
        httpload.run_phase("journey", server.port, args.workers, plan.warmup_s, slugs, procs=1)  # warm caches
        sweep = []
        for level in plan.levels:
            log(f"{db.label}: journey with {level} learners for {plan.sweep_s:g} s")
            sweep.append(measure(server, db, "journey", level, plan.sweep_s, slugs, args.client_procs))
        saturation = saturation_point(list(plan.levels), [r["total"]["rps"] for r in sweep])
        half = max(1, saturation // 2)
        compare_at = max(saturation, 2 * args.workers)  # both sides saturated for the floor comparison
        out.update(sweep=sweep, saturation=saturation, half=half, compare_at=compare_at)
        phases = [
            ("floor", "healthz", compare_at),
            ("fetch", "fetch", compare_at),
            ("saturation_run", "journey", saturation),
            ("half floor", "healthz", half),
            ("half_run", "journey", half),
        ]
        for name, kind, level in phases:
            log(f"{db.label}: {kind} with {level} learners for {plan.phase_s:g} s")
            out[name] = measure(server, db, kind, level, plan.phase_s, slugs, args.client_procs)
        fetch_share = out["fetch"]["total"]["rps"] / out["floor"]["total"]["rps"]
        answer_p99 = out["half_run"]["endpoints"].get("answer", {}).get("p99", math.nan)
        out["fetch share"], out["answer p99"] = fetch_share, answer_p99
        want = {
            "fetch": args.profile == "always" or (args.profile == "auto" and fetch_share < FETCH_SHARE_TARGET),
            "journey": args.profile == "always" or (args.profile == "auto" and not answer_p99 <= ANSWER_P99_TARGET_MS),
        }
        for kind, wanted in want.items():
            if wanted:
                level = compare_at if kind == "fetch" else half
                log(f"{db.label}: py-spy profile of the workers under {kind} load ({level} learners)")
                label = f"{db.label.lower()}-{kind}"
                out["profiles"][kind] = profile_phase(server, kind, level, plan.profile_s, slugs, label)
        out["server log"] = server.log_tail(15)
    out["all_journeys"] = [*out["sweep"], out["saturation_run"], out["half_run"]]
    out["answers"] = answer_totals(out["all_journeys"])
    totals = out["answers"]
    out["nothing lost"] = totals["in the database exactly once"] == totals["distinct acknowledged"] and not (
        totals["missing"] or totals["duplicated"] or totals["attempts whose position ≠ answers"]
    )
    return out


def answer_totals(runs: list[dict]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for run in runs:
        for key, n in run["answers"].items():
            totals[key] = totals.get(key, 0) + n
    return totals
