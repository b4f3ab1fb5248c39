"""Tasks for tests/scale/test_redis_queue.py, importable by the RQ worker it starts (the project's
own tasks are used where they can show the point; these show what a real task cannot: when it ran,
where, and what happens when it is killed or raises). Each run leaves a line in `folder`."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task


def _log(folder: str, name: str, line: str) -> None:
    with (Path(folder) / name).open("a") as out:  # one short appended line per run: whole, never mixed
        out.write(line + "\n")


@task()
def note_run(folder: str, n: int, barrier: int) -> int:
    """Records job `n` and its worker (the parent of RQ's work process). The first `barrier` jobs
    wait until `barrier` different workers have each taken one, so every worker is taking jobs at once."""
    worker = os.getppid()
    _log(folder, "runs.log", f"{n} {worker}")
    if n < barrier:
        (Path(folder) / f"worker-{worker}").touch()
        deadline = time.monotonic() + 30
        while len(list(Path(folder).glob("worker-*"))) < barrier:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only one worker took jobs; {barrier} were started")
            time.sleep(0.02)
    return n


@task()
def wait_for_go(folder: str) -> str:
    """Records its process; the first run waits (to be killed), a run once `go` exists finishes."""
    _log(folder, "starts.log", str(os.getpid()))
    deadline = time.monotonic() + 60
    while not (Path(folder) / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return "finished"


@task()
def raise_an_error(folder: str) -> None:
    _log(folder, "raised.log", str(os.getpid()))
    raise ValueError("broken on purpose")
