"""Issue 19, "Content commands crash": a YAML alias bomb ran unbounded. The must-show asks for the
alias bomb under a memory limit. tests/library/test_bank_files_hardened.py and test_parsing.py put
safe_yaml.load and parse_article under one; this file runs the commands themselves — `manage.py
load_content` and `manage.py import_articles`, each in a process of its own with its address space
capped at 1 GB and a time limit — on files whose bomb sits where the commands read (a fact's quote,
the front matter's tags): each is refused with the file and line, a non-zero exit and no traceback.

The processes share a freshly migrated SQLite file of their own holding one imported article: both
commands must refuse the bomb while reading it, before they would write anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "002_aec1c1457b9d3803.txt"
MEMORY = 1 << 30  # bytes of address space; the expanded bomb is 9 * 4**20 items


def _bomb(indent: str) -> str:
    """Twenty-one anchored lists, each four aliases of the one before."""
    lines = [f"{indent}lol0: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(20):
        alias = chr(97 + n)
        lines.append(f"{indent}lol{n + 1}: &{chr(98 + n)} [*{alias}, *{alias}, *{alias}, *{alias}]")
    return "\n".join(lines)


def _environment(database: Path) -> dict[str, str]:
    leave_out = {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
    return {**env, "DJANGO_SETTINGS_MODULE": "quizapp.settings", "SQLITE_PATH": str(database)}


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("h6-bomb") / "db.sqlite3"
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
    done = subprocess.run(migrate, env=_environment(path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-800:]
    # The bank file below names this article: without it load_content stops before reading the facts.
    article = [sys.executable, "manage.py", "import_articles", str(ROOT / "seeds" / ARTICLE)]
    done = subprocess.run(article, env=_environment(path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-800:]
    return path


def _run_capped(command: str, path: Path, database: Path) -> subprocess.CompletedProcess:
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"
        "from django.core.management import execute_from_command_line\n"
        f"execute_from_command_line(['manage.py', {command!r}, {str(path)!r}])\n"
    )
    run = [sys.executable, "-c", code]
    return subprocess.run(run, env=_environment(database), cwd=ROOT, capture_output=True, text=True, timeout=120)


def _refused(done: subprocess.CompletedProcess, name: str) -> str:
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-1500:]
    assert "Traceback" not in output and "MemoryError" not in output, output[-1500:]
    assert name in output and "&a" in output, output[-1500:]  # the commands speak zh-Hans here
    return output


def test_load_content_refuses_a_bomb_in_a_facts_quote_within_a_memory_limit(tmp_path, database):
    folder = tmp_path / "content"
    folder.mkdir()
    bank = (
        f"article: {ARTICLE}\n"
        "facts:\n"
        "- id: cfd3ff82-b69a-4a7a-8457-45614cd2cfe5\n"
        "  bombs:\n" + _bomb("    ") + "\n"
        "  quote: *u\n"  # before the fix: str() of it, a MemoryError under the cap after ~40 s
        "  questions: []\n"
    )
    (folder / "bomb.yaml").write_text(bank, encoding="utf-8")
    output = _refused(_run_capped("load_content", folder, database), "bomb.yaml")
    assert "bomb.yaml: 第 5 行: 定义了供别名引用的锚点（&a）" in output and "nothing was written" in output


def test_import_articles_refuses_a_bomb_in_the_front_matter_and_goes_on_within_a_memory_limit(tmp_path, database):
    folder = tmp_path / "articles"
    folder.mkdir()
    article = "---\ntitle: 炸弹\n" + _bomb("") + "\ntags: *u\n---\n正文第一段。\n"
    (folder / "bomb.md").write_text(article, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "003_17b458d034213ccd.txt", folder / "z-good.txt")  # read after the bomb
    output = _refused(_run_capped("import_articles", folder, database), "bomb.md")
    assert "2 file(s): 1 created, 0 updated, 0 unchanged, 1 failed" in output
