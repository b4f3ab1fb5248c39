"""No hand-written file in quizapp/, templates/ or bench/ grows past what one sitting can read."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("quizapp", "templates", "bench")
CODE = {".py", ".html", ".js", ".css"}
LIMIT = 400


def _generated(path: Path) -> bool:
    """Migrations are written by makemigrations, bench/RESULTS.md and bench/results/ by the benchmarks."""
    return "migrations" in path.parts or path.as_posix() == "bench/RESULTS.md" or path.parts[:2] == ("bench", "results")


def _candidates(root: Path) -> set[Path]:
    """Every file git tracks in the folders, and every code file there (new ones are not tracked yet)."""
    found = {p.relative_to(root) for folder in FOLDERS for p in (root / folder).rglob("*") if p.suffix in CODE}
    try:
        tracked = subprocess.run(["git", "ls-files", "-z", "--", *FOLDERS], cwd=root, capture_output=True, check=False)
    except OSError:  # no git: the code files alone
        return found
    if tracked.returncode == 0:
        found |= {Path(name) for name in tracked.stdout.decode().split("\0") if name}
    return found


def oversized(root: Path, limit: int = LIMIT) -> list[str]:
    problems = []
    for path in sorted(_candidates(root)):
        full = root / path
        if _generated(path) or not full.is_file():  # a tracked file may be deleted in the working tree
            continue
        data = full.read_bytes()
        lines = len(data.splitlines())
        if b"\0" not in data and lines > limit:
            problems.append(f"{path.as_posix()} has {lines} lines (limit {limit}); split it by role")
    return problems


def test_no_hand_written_file_is_over_400_lines():
    problems = oversized(ROOT)
    assert not problems, "\n".join(problems)


def test_a_long_file_is_named_with_its_length_and_generated_ones_are_not(tmp_path):
    (tmp_path / "quizapp" / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "bench" / "results").mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    long, short = "x = 1\n" * 401, "x = 1\n" * 400
    (tmp_path / "quizapp" / "app" / "models.py").write_text(long)
    (tmp_path / "quizapp" / "app" / "views.py").write_text(short)
    (tmp_path / "templates" / "page.html").write_text(long)
    (tmp_path / "quizapp" / "app" / "migrations" / "0001_initial.py").write_text(long)
    (tmp_path / "bench" / "results" / "notes.py").write_text(long)
    (tmp_path / "bench" / "RESULTS.md").write_text(long)
    assert oversized(tmp_path) == [
        "quizapp/app/models.py has 401 lines (limit 400); split it by role",
        "templates/page.html has 401 lines (limit 400); split it by role",
    ]
