"""Statements per request and import/load timings, in one Django process per database
(bench/inprocess.py), plus the start-up cost and a cProfile of load_content when it misses its target."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench import infra
from bench.plan import ROOT, Plan, log
from bench.profiling import cprofile


def inprocess_bench(db, plan: Plan, tmp: Path) -> dict:
    log(f"{db.label}: in-process import/load timings and statements per request (fresh database)")
    db.create()
    out = tmp / f"inprocess-{db.label}.json"
    env = infra.base_env(DJANGO_SETTINGS_MODULE="quizapp.settings", **db.env)
    cmd = [infra.PYTHON, "bench/inprocess.py", "--out", str(out), "--repeat", str(plan.repeat)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"bench/inprocess.py failed on {db.label}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def load_profile(tmp: Path) -> dict:
    """cProfile of load_content on a fresh SQLite database, for when it misses its target."""
    db = infra.SqliteDB(tmp, "profile.sqlite3")
    env = infra.base_env(DJANGO_SETTINGS_MODULE="quizapp.settings", **db.env)
    code = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("import_articles", "seeds/", stdout=io.StringIO())
profile = cProfile.Profile()
profile.enable()
call_command("load_content", "content/", stdout=io.StringIO())
profile.disable()
"""
    try:
        return cprofile(code, ("/quizapp/", "safe_load"), env)
    finally:
        db.drop()


def startup_wall() -> float:
    """`manage.py check`: what a command costs before it does anything (Python + Django start-up)."""
    return min(infra.manage(["check"], infra.base_env()) for _ in range(2))
