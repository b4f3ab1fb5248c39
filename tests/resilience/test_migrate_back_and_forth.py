"""post_migrate hooks run for every app on every migrate: they must cope with an app's tables being absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.quizzes.automatic import LIBRARY_QUIZZES

ROOT = Path(__file__).resolve().parents[2]


def test_migrating_quizzes_to_zero_and_back_works(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")  # a database of its own, whatever the suite runs on

    def manage(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)

    for step in (["migrate"], ["migrate", "quizzes", "zero"], ["migrate"]):
        result = manage(*step, "--noinput", "-v0")
        assert result.returncode == 0, f"{' '.join(step)}: {result.stderr[-800:]}"
    count = manage("shell", "-c", "from quizapp.quizzes.models import Quiz; print(Quiz.objects.count())")
    assert count.stdout.strip().splitlines()[-1] == str(len(LIBRARY_QUIZZES))  # the library's quizzes, made again
