"""Sampling profiles of the running gunicorn workers with py-spy, boiled down to tables.

py-spy attaches from outside (no change to the app or its settings) and writes collapsed stacks
("frame;frame;frame count" per line). summarize_collapsed() turns them into self time per function,
inclusive time per function, and a split by area, walking each stack from the leaf up and giving
the sample to the first frame that belongs to a known area (so the ORM's own work counts as ORM,
not as the view that called it).

cprofile() runs a piece of in-process work (load_content, the Anki writer) under cProfile in a
fresh interpreter, for the parts measured outside gunicorn.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench import infra

AREAS = [  # (area, substrings of a frame's file path), checked in order for each frame
    (
        "SQL execution (database driver, incl. waiting for the server)",
        ("django/db/backends/", "sqlite3/", "psycopg/", "psycopg_binary"),
    ),
    ("ORM: building queries and model instances", ("django/db/models/", "django/db/utils.py")),
    ("template rendering", ("django/template/", "templatetags/", "django/utils/html.py", "django/utils/safestring")),
    ("translation (gettext)", ("django/utils/translation/", "gettext.py")),
    (
        "middleware and request handling",
        (
            "django/middleware/",
            "django/contrib/sessions/",
            "django/contrib/auth/",
            "django/contrib/messages/",
            "django/core/handlers/",
            "django/utils/deprecation.py",
            "whitenoise/",
            "django_htmx/",
            "django/http/",
            "django/urls/",
            "django/views/",
            "django/shortcuts.py",
        ),
    ),  # fmt: skip
    ("app code (quizapp)", ("quizapp/",)),
    ("gunicorn: HTTP parsing, socket writes, graceful close", ("gunicorn/",)),
]
# The server loop and the middleware chain are on (nearly) every stack: left out of the inclusive list.
PLUMBING = (
    "gunicorn/", "(gunicorn)", "django/core/handlers/", "django/utils/deprecation.py", "whitenoise/", "django_htmx/",
    "django/views/decorators/",
)  # fmt: skip
_LINE = re.compile(r":\d+\)$")
_SITE = re.compile(r"^.*?(site-packages/|/work/main/|lib/python3\.\d+/)")


def py_spy() -> str | None:
    candidate = Path(sys.executable).with_name("py-spy")
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def record(pid: int, seconds: int, out: Path, rate: int = 200) -> subprocess.Popen:
    """Start sampling `pid` and its child processes (the workers) for `seconds`; returns at once."""
    exe = py_spy()
    if exe is None:
        raise FileNotFoundError("py-spy is not installed (pip install -r requirements-dev.txt)")
    cmd = [
        exe, "record", "--pid", str(pid), "--subprocesses", "--duration", str(seconds), "--rate", str(rate),
        "--format", "raw", "--output", str(out), "--nonblocking",
    ]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _frame(raw: str) -> str:
    """'func (path/to/file.py:123)' → 'func (file path shortened)'; process markers stay as they are."""
    raw = _LINE.sub(")", raw.strip())
    name, sep, path = raw.partition(" (")
    return f"{name} ({_SITE.sub('', path)}" if sep else raw


def area_of(frame: str) -> str | None:
    for area, markers in AREAS:
        if any(marker in frame for marker in markers):
            return area
    return None


def summarize_collapsed(text: str, top: int = 15) -> dict:
    """Self and inclusive samples per function and per area, from py-spy's raw (collapsed) output.
    Only samples inside a gunicorn worker's request handling count (the master's and idle ones don't)."""
    self_samples: Counter = Counter()
    inclusive: Counter = Counter()
    areas: Counter = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_frame(f) for f in stack.split(";") if not f.startswith("process ")]
        if not any(f.startswith(("SyncWorker.handle ", "SyncWorker.handle_request ")) for f in frames):
            continue  # the arbiter, or a worker waiting in accept()
        n = int(count)
        total += n
        self_samples[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
        area = next((a for a in map(area_of, reversed(frames)) if a), "other (stdlib, C)")
        areas[area] += n
    return {
        "samples": total,
        "self": self_samples.most_common(top),
        "inclusive": [(f, n) for f, n in inclusive.most_common() if not any(p in f for p in PLUMBING)][:top],
        "areas": areas.most_common(),
    }


_CPROFILE_TAIL = """
out = io.StringIO()
stats = pstats.Stats(profile, stream=out)
stats.sort_stats("cumulative").print_stats(25)
stats.sort_stats("tottime").print_stats(12)
print(out.getvalue())
ours = sorted(
    ((f"{path.rsplit('/', 1)[-1]}:{name}", row[3]) for (path, line, name), row in stats.stats.items()
     if any(marker in path or marker in name for marker in MARKERS)),
    key=lambda item: -item[1],
)
print("JSON " + json.dumps({"total": stats.total_tt, "functions": ours[:14]}))
"""


def cprofile(code: str, markers: tuple[str, ...], env: dict[str, str]) -> dict:
    """Run `code` (which leaves a cProfile.Profile in `profile`) in a fresh interpreter; the pstats
    listing, and the cumulative time of the functions whose path or name contains one of `markers`."""
    script = f"import cProfile, io, json, pstats, sys\nMARKERS = {markers!r}\n{code}\n{_CPROFILE_TAIL}"
    done = subprocess.run(
        [infra.PYTHON, "-c", script], cwd=infra.ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        return {"text": done.stderr[-2000:], "functions": [], "total": math.nan}
    listing, _, data = done.stdout.rpartition("JSON ")
    listing = re.sub(r"\S*site-packages/", "", listing).replace(str(infra.ROOT) + "/", "")
    listing = re.sub(r"\S*/lib/python3\.\d+/", "", listing)
    return {"text": listing} | json.loads(data)
