"""Throw-away databases, a production-mode gunicorn, CPU accounting: everything the benchmarks
start they stop again (process groups killed, temporary databases and folders removed)."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_SETTINGS_VARS = ("DATABASE_URL", "SQLITE_PATH", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    """The environment for the app's processes: this one minus any settings of the caller's own."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS and k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def production_env(db_env: dict[str, str], static_root: Path) -> dict[str, str]:
    return base_env(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        BENCH_STATIC_ROOT=str(static_root),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # The load generator is one address starting thousands of attempts: lift the per-address
        # limits on starts, sign-ups and downloads, which would otherwise turn the run into 429s.
        LIMIT_STARTS_PER_10_MIN="1000000",
        LIMIT_SIGNUPS_PER_HOUR="1000000",
        LIMIT_DOWNLOADS_PER_10_MIN="1000000",
        **db_env,
    )


def manage(args: list[str], env: dict[str, str]) -> float:
    """Run `manage.py ARGS` as a command-line user would; the wall time in seconds (start-up included)."""
    t0 = time.perf_counter()
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


# ---------------------------------------------------------------------------------------------
# Databases


class SqliteDB:
    label = "SQLite"

    def __init__(self, folder: Path, name: str = "bench.sqlite3") -> None:
        self.path = folder / name
        self.env = {"SQLITE_PATH": str(self.path)}

    def create(self) -> None:
        pass  # migrate creates the file

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def query(self, sql: str, params: list) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()


class PostgresDB:
    label = "PostgreSQL"

    def __init__(self, suffix: str = "") -> None:
        self.name = f"quizapp_bench_{os.getpid()}{suffix}"
        self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name
        self.env = {"DATABASE_URL": self.url}

    @staticmethod
    def available() -> str | None:
        """None when the server answers, else why not."""
        try:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
                return None
        except Exception as exc:  # any failure means: skip PostgreSQL, and say why
            return f"{type(exc).__name__}: {exc}".strip()

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: list) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, params).fetchall()


def build_database(db, env: dict[str, str]) -> dict[str, float]:
    """migrate, import_articles seeds/, load_content content/ — each as a command; wall seconds each."""
    db.create()
    return {
        "migrate": manage(["migrate", "--noinput"], env),
        "import_articles seeds/": manage(["import_articles", "seeds/"], env),
        "load_content content/": manage(["load_content", "content/"], env),
    }


def article_quiz_slugs(db) -> list[str]:
    rows = db.query("SELECT slug FROM quizzes_quiz WHERE rule = %s ORDER BY slug", ["article"])
    return [slug for (slug,) in rows]


def check_answers(db, acked: list[tuple[int, int]]) -> dict[str, int]:
    """Every answer the server acknowledged (a 200 to the POST) must be in the database exactly once,
    and each attempt's position must equal the number of its answers."""
    wanted = Counter(acked)
    attempts = sorted({a for a, _ in acked})
    found: Counter = Counter()
    mismatched = 0
    for i in range(0, len(attempts), 500):
        chunk = attempts[i : i + 500]
        marks = ", ".join(["%s"] * len(chunk))
        rows = db.query(
            f"SELECT attempt_id, question_id, COUNT(*) FROM quizzes_answer WHERE attempt_id IN ({marks}) "
            "GROUP BY attempt_id, question_id",
            chunk,
        )
        found.update({(a, q): n for a, q, n in rows})
        rows = db.query(
            f"SELECT a.id, a.position, (SELECT COUNT(*) FROM quizzes_answer b WHERE b.attempt_id = a.id) "
            f"FROM quizzes_attempt a WHERE a.id IN ({marks})",
            chunk,
        )
        mismatched += sum(1 for _, position, n in rows if position != n)
    return {
        "acknowledged": len(acked),
        "distinct acknowledged": len(wanted),
        "acknowledged twice by the server": sum(1 for n in wanted.values() if n > 1),
        "in the database exactly once": sum(1 for pair in wanted if found.get(pair) == 1),
        "missing": sum(1 for pair in wanted if pair not in found),
        "duplicated": sum(1 for pair in wanted if found.get(pair, 0) > 1),
        "rows nobody was told about": sum(n for pair, n in found.items() if pair not in wanted),
        "attempts whose position ≠ answers": mismatched,
    }


# ---------------------------------------------------------------------------------------------
# gunicorn


class Gunicorn:
    """`gunicorn quizapp.wsgi -w N` (sync workers) on 127.0.0.1:<free port>, in its own process group."""

    def __init__(self, env: dict[str, str], workers: int, log_dir: Path) -> None:
        self.env, self.workers = env, workers
        self.port = free_port()
        self.log = log_dir / f"gunicorn-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        cmd = [
            GUNICORN, "quizapp.wsgi:application", "--worker-class", "sync", "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5",
            "--log-level", "warning",
        ]  # fmt: skip
        with self.log.open("ab") as log:  # Django logs to stderr: keep it with gunicorn's own log
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) == self.workers and self._healthy():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not come up within 60 s:\n{self.log_tail()}")

    def _healthy(self) -> bool:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/healthz", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def pids(self) -> list[int]:
        return ([self.proc.pid] if self.proc else []) + self.worker_pids()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        # Workers that outlived their master would still be in the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------------
# CPU accounting from /proc


def process_cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def machine_cpu_s() -> tuple[float, float]:
    """(busy, total) CPU seconds since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_dir(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
