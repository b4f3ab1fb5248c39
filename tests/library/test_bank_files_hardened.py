"""load_content never crashes on its input (issue 19.7), and dump_content writes with libyaml's
emitter the very bytes of the pure-Python one (issue 18.5).

Every hostile file ends in "file: item: problem" lines and a non-zero exit with nothing written —
never a traceback, a DataError or an IntegrityError; two loads at once are serialised."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from quizapp.library.bank.dump import DUMPER, PURE_DUMPER, dump_bank
from quizapp.library.models import Fact, Question
from quizapp.library.parsing import UnusableFile, parse_article
from tests.factories import CONTENT, ROOT

FILE = "002_aec1c1457b9d3803.yaml"


def refusal(folder: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(folder), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def folder(imported, tmp_path) -> Path:
    """A copy of the shipped bank, for one test to spoil."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("*.md", "articles"))
    return target


def edit(folder: Path, change) -> None:
    """Change the first question of the first fact of FILE (as loaded data) and write it back."""
    path = folder / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["facts"][0]["questions"][0], data["facts"][0])
    # Escaped (\\uXXXX), so a NUL or a lone surrogate reaches the reader as YAML would carry it.
    path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")


def replace_in(folder: Path, old: str, new: str) -> None:
    path = folder / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BOMB = "lol0: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"lol{n + 1}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n" for n in range(20)
)


def test_an_alias_bomb_is_refused_at_once_within_a_memory_limit():
    """Expanded, this file is 9 * 4**20 items; refused at its first anchor, it needs next to nothing."""
    code = (
        "import os, resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'quizapp.settings')\n"
        "import django; django.setup()\n"
        "from django.utils import translation; translation.activate('en')\n"
        "from quizapp.library import safe_yaml\n"
        "try:\n    safe_yaml.load(sys.stdin.read(), 12)\n"
        "except safe_yaml.Refused as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=BOMB, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "line 1: defines an anchor (&a) for aliases; write values out instead"


HEAD = "article: 002_aec1c1457b9d3803.txt"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (HEAD, HEAD.replace(": ", ": &x ") + "\nalias: *x", "line 1: defines an anchor"),
        (HEAD, "article: x\n" + HEAD, "line 2: gives the key 'article' twice"),
        (HEAD, HEAD + "\nextra: " + "[" * 100_000 + "]" * 100_000, "line 2: nests deeper than 12 levels"),
    ],
)
def test_aliases_repeated_keys_and_deep_nesting_are_refused_with_their_line(folder, old, new, expected):
    replace_in(folder, old, new)
    assert f"{FILE}: {expected}" in refusal(folder)
    assert not Question.objects.exists()


def test_a_repeated_key_inside_a_question_is_refused_not_silently_won(folder):
    text = (folder / FILE).read_text(encoding="utf-8")
    first_prompt = next(line for line in text.splitlines() if line.strip().startswith("prompt:"))
    replace_in(folder, first_prompt, first_prompt + "\n" + first_prompt.replace("prompt:", "prompt: 改过的"))
    line = text.splitlines().index(first_prompt) + 2
    assert f"{FILE}: line {line}: gives the key 'prompt' twice" in refusal(folder)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(folder):
    with (folder / FILE).open("a", encoding="utf-8") as f:
        f.write("#" * (5 * 1024 * 1024))
    assert f"{FILE}: the file is 5" in refusal(folder) and "at most 5120 kB" in refusal(folder)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda q, f: q.update(difficulty=True), "difficulty True must be 1, 2 or 3"),
        (lambda q, f: q.update(prompt=q["prompt"] + "\x00"), "prompt holds a NUL character"),
        (lambda q, f: q.update(explanation="解" * 10 + "\ud800"), "invalid Unicode character escape"),
        (lambda q, f: f.update(flagged="旧" * 301), "flagged is 301 characters long; at most 300 fit"),
        (lambda q, f: f.update(tags=["标" * 61]), "is 61 characters long; at most 60 fit"),
        (lambda q, f: q.update(type="numeric", value=10**30, unit="亿元", tolerance=0), "no more than 24 digits"),
        (lambda q, f: q.update(type="numeric", value=1, unit="单" * 21, tolerance=0), "unit is 21 characters long"),
        (lambda q, f: f.update(occurrence="two"), "occurrence 'two' must be a whole number"),
    ],
    ids=["difficulty-true", "nul", "surrogate", "long-flag", "long-tag", "wide-number", "long-unit", "occurrence"],
)
def test_values_the_columns_cannot_hold_are_named_before_anything_is_written(folder, change, expected):
    edit(folder, change)
    problems = refusal(folder)
    assert expected in problems and problems.startswith(f"{FILE}: "), problems
    assert not Question.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_loads_at_once_are_serialised(imported, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("*.md", "articles"))
    outcomes: list[str] = []

    def run() -> None:
        try:
            call_command("load_content", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
            outcomes.append("loaded")
        except CommandError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # an IntegrityError here is the bug this test is about
            outcomes.append(f"crashed: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # Serialised: both load (the second finds the first's rows and updates nothing); where the wait
    # runs out, the second says so plainly. Never a crash, never a half-written bank.
    assert len(outcomes) == 2 and not [o for o in outcomes if o.startswith("crashed")], outcomes
    assert "loaded" in outcomes
    assert Question.objects.count() == sum(
        len(f.get("questions") or []) for p in folder.glob("*.yaml") for f in yaml.safe_load(p.read_text())["facts"]
    )
    assert Fact.objects.values("uuid").distinct().count() == Fact.objects.count()


def test_libyaml_and_pure_python_emitters_write_the_same_bytes(bank, tmp_path):
    assert DUMPER is not PURE_DUMPER, "PyYAML without libyaml: dump_content falls back to the slow emitter"
    fast = {p.name: p.read_bytes() for p in dump_bank(tmp_path / "fast")}
    pure = {p.name: p.read_bytes() for p in dump_bank(tmp_path / "pure", PURE_DUMPER)}
    assert fast == pure and len(fast) == 5
    assert all(fast[name] == (CONTENT / name).read_bytes() for name in fast)  # and the shipped files


def test_reasons_read_in_chinese(folder):
    """What the admin shows (the CSV import preview, the article-from-browser page) speaks its language."""
    edit(folder, lambda q, f: q.update(difficulty=True))
    with translation.override("zh-hans"):
        problems = refusal(folder)
        with pytest.raises(UnusableFile) as caught:
            parse_article("---\nurl: javascript:alert(1)\n---\n正文。\n".encode())
    assert "难度 True 必须是 1、2 或 3" in problems
    assert str(caught.value) == "来源链接必须是 http:// 或 https:// 地址，而不是 'javascript:alert(1)'"
