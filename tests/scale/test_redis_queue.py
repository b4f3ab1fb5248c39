"""The Redis task queue (TASK_BACKEND=rq) with real RQ workers in subprocesses, on the real Redis and
the test's database: a deck package asked for in a request is built by a worker; two workers never
run one job twice; a job whose worker is killed runs again (at-least-once), a job that raised is
reported and not run again; a worker that cannot reach Redis refuses to start.

The workers run with the production settings (`TASK_BACKEND=rq`), and this process enqueues with the
settings quizapp/settings.py makes from the same variables, so both sides are configured as deployed.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django_rq
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus, default_task_backend
from django.test import override_settings
from rq.registry import StartedJobRegistry

from tests.factories import make_one_of_each_type, make_picked_deck
from tests.resilience.caches import require_redis
from tests.scale import queue_tasks
from tests.scale.servers import database_url, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the workers see only committed rows
    pytest.mark.xdist_group("redis_queue"),  # one xdist worker: the tests share (and flush) one Redis database
]

ROOT = Path(__file__).resolve().parents[2]
# This module's own database (14: two servers, 15: caches), one per xdist worker: its fixture flushes
# it, and workers of one test must not take another's jobs (seen in CI: loadgroup alone did not keep
# the module on one xdist worker).
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{13 - 2 * _XDIST_INDEX}"


def _production_settings(monkeypatch, **env: str) -> dict:
    """TASKS, RQ_QUEUES and RQ as quizapp/settings.py makes them from these variables."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("queue_settings", ROOT / "quizapp" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in ("TASKS", "RQ_QUEUES", "RQ")}


@pytest.fixture
def queue(monkeypatch):
    """Tasks enqueued here go to the Redis queue, emptied before and after the test."""
    require_redis()
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with monkeypatch.context() as env:
        queue_settings = _production_settings(env, TASK_BACKEND="rq", REDIS_URL=REDIS_URL)
    with override_settings(**queue_settings):
        yield client
    for worker in _STARTED:  # a test that failed midway leaves no worker to take later tests' jobs
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    _STARTED.clear()
    client.flushdb()
    client.close()


def _worker_env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_URL", "SQLITE_", "TASK_"))}
    database = (
        {"DATABASE_URL": database_url()}
        if connection.vendor == "postgresql"
        else {"SQLITE_PATH": connection.settings_dict["NAME"]}
    )
    return {
        **keep,
        **database,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings",
        "TASK_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "DECK_PACKAGE_DIR": str(settings.DECK_PACKAGE_DIR),
        **extra,
    }


def _start_worker(*flags: str, checks: bool = False, **env: str) -> subprocess.Popen:
    """`manage.py rqworker default` as the README runs it (--burst: it stops once the queue is empty).
    Its system checks, the Redis start-up check among them, are tested on their own below; the other
    tests skip them, a second of CPU per worker."""
    args = [sys.executable, "manage.py", "rqworker", "default", *flags, *([] if checks else ["--skip-checks"])]
    worker = subprocess.Popen(args, env=_worker_env(**env), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _STARTED.append(worker)
    return worker


_STARTED: list[subprocess.Popen] = []  # killed by the queue fixture at the end of each test


def _finish(worker: subprocess.Popen, timeout: float = 60) -> str:
    output, _ = worker.communicate(timeout=timeout)
    assert worker.returncode == 0, output.decode()[-3000:]
    return output.decode()


def _lines(path: Path, count: int, timeout: float = 30) -> list[str]:
    """The file's lines once it has `count` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.02)
    raise AssertionError(f"{path.name} has fewer than {count} lines after {timeout} s")


def test_a_deck_package_asked_for_in_a_request_is_built_by_a_worker(client, queue):
    deck = make_picked_deck(make_one_of_each_type())
    url = deck.get_download_url()
    waiting = client.get(url)
    assert "is being prepared" in waiting.content.decode()  # nothing built in the request
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 204
    (job_id,) = django_rq.get_queue("default").job_ids  # two asks, one job
    assert default_task_backend.get_result(job_id).status == TaskResultStatus.READY

    _finish(_start_worker("--burst"))

    assert default_task_backend.get_result(job_id).status == TaskResultStatus.SUCCESSFUL
    assert "The package is ready." in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    download = client.get(url)
    assert download["Content-Disposition"] == f'attachment; filename="{deck.download_filename}"'
    assert download.getvalue()[:2] == b"PK"  # the .apkg (a zip) the worker wrote


def test_two_workers_never_run_one_job_twice(queue, tmp_path):
    """Each job is handed to one worker (RQ moves it off the queue atomically). The first two jobs
    hold their workers until both workers have one, so both are taking jobs at the same time."""
    jobs = 8
    results = [queue_tasks.note_run.enqueue(str(tmp_path), n, 2) for n in range(jobs)]
    workers = [_start_worker("--burst"), _start_worker("--burst")]
    for worker in workers:
        _finish(worker)

    runs = [line.split() for line in (tmp_path / "runs.log").read_text().splitlines()]
    assert sorted(int(n) for n, _worker in runs) == list(range(jobs))  # every job ran, none twice
    assert {int(w) for _n, w in runs} == {worker.pid for worker in workers}  # and both workers took jobs
    assert [default_task_backend.get_result(r.id).return_value for r in results] == list(range(jobs))


def test_a_job_whose_work_process_is_killed_runs_again_and_one_that_raised_is_reported(queue, tmp_path):
    """As when the kernel kills a task for its memory: the worker sees its work process die and puts
    the job back (it may run twice, at least once); a task that raised is not run again."""
    killed = queue_tasks.wait_for_go.enqueue(str(tmp_path))
    raised = queue_tasks.raise_an_error.enqueue(str(tmp_path))
    worker = _start_worker("--burst")
    (first,) = _lines(tmp_path / "starts.log", 1)
    os.kill(int(first), signal.SIGKILL)
    (tmp_path / "go").touch()
    _finish(worker)

    assert len(_lines(tmp_path / "starts.log", 2)) == 2  # killed once, then run to the end
    result = default_task_backend.get_result(killed.id)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "finished"
    failed = default_task_backend.get_result(raised.id)
    assert failed.status == TaskResultStatus.FAILED
    assert [e.exception_class_path for e in failed.errors] == ["builtins.ValueError"]
    assert len(_lines(tmp_path / "raised.log", 1)) == 1  # reported, not retried


def test_a_job_of_a_worker_that_died_is_run_by_another_worker(queue, tmp_path):
    """A machine lost mid-job: the worker and its work process die together and nobody reports it.
    The job stays `RUNNING` until the dead worker's heartbeat lapses (60 s past its last beat, every
    30 s); the next worker to start, or any running one in its ten-minute upkeep, then puts it back.
    Here the heartbeat is made to lapse at once instead of in 90 s."""
    job = queue_tasks.wait_for_go.enqueue(str(tmp_path))
    doomed = _start_worker()
    (first,) = _lines(tmp_path / "starts.log", 1)
    for pid in (int(first), doomed.pid):  # RQ puts the work process in a process group of its own
        os.kill(pid, signal.SIGKILL)
    doomed.communicate(timeout=30)
    assert default_task_backend.get_result(job.id).status == TaskResultStatus.RUNNING

    registry = StartedJobRegistry("default", connection=queue)
    for member, _beat in queue.zrange(registry.key, 0, -1, withscores=True):
        queue.zadd(registry.key, {member: time.time() - 1})  # the heartbeat lapsed
    (tmp_path / "go").touch()
    _finish(_start_worker("--burst"))

    assert len(_lines(tmp_path / "starts.log", 2)) == 2
    assert default_task_backend.get_result(job.id).status == TaskResultStatus.SUCCESSFUL


def test_a_worker_whose_redis_url_is_wrong_or_silent_refuses_to_start(db):
    port = free_port()  # bound, then closed: connecting there is refused at once
    worker = _start_worker("--burst", checks=True, REDIS_URL=f"redis://:s3cret@127.0.0.1:{port}/13")
    output = worker.communicate(timeout=60)[0].decode()
    assert worker.returncode != 0
    assert f"REDIS_URL='redis://:***@127.0.0.1:{port}/13' does not answer" in output
    assert "Start Redis or fix REDIS_URL" in output and "s3cret" not in output
    malformed = _start_worker("--burst", checks=True, REDIS_URL="redis://127.0.0.1:notaport/13")
    output = malformed.communicate(timeout=60)[0].decode()
    assert malformed.returncode != 0 and "is not a Redis URL" in output and "Traceback" not in output


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": ""}, "TASK_BACKEND=rq needs REDIS_URL"),
        ({"TASK_BACKEND": "redis"}, "TASK_BACKEND='redis': use database, rq or a backend's dotted path."),
    ],
)
def test_a_task_backend_setting_that_cannot_work_stops_start_up(db, env, message):
    worker = _start_worker("--burst", **env)
    output = worker.communicate(timeout=60)[0].decode()
    assert worker.returncode != 0 and message in output
