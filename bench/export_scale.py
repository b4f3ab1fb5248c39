"""Exports at scale (issue 18, point 2): the whole bank is built by the worker, not in the request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale5 .venv/bin/python bench/export_scale.py

On a database bench/scale.py filled (L: 500 articles, 50,000 questions), in-process: the whole-bank
GIFT file built as the request used to build it on every click; the request now (content version,
claim, enqueue, progress page) with a queue that holds the task; `build_export` as the worker runs
it; the request once the file is there; one article's export (still in the request); and an admin
selection of 1,000 questions in each format (the action takes at most 500). Wall and CPU seconds of
this process: on a loaded machine wall time is mostly waiting, CPU is what a web worker would spend.
The built file goes to a temporary INTEROP_DIR; the database is only read.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
os.environ.setdefault("INTEROP_DIR", tempfile.mkdtemp(prefix="export-scale-"))

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from quizapp.interop import exporting  # noqa: E402
from quizapp.interop.records import in_scope  # noqa: E402
from quizapp.library.models import Article, Question  # noqa: E402

HELD = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, work):
    wall, used = time.perf_counter(), cpu()
    result = work()
    print(f"| {label} | {time.perf_counter() - wall:.2f} | {cpu() - used:.2f} |", flush=True)
    return result


def main() -> None:
    print(f"{in_scope('published').count()} published questions, load {os.getloadavg()[0]:.1f}\n")
    print("| what | wall s | CPU s |\n|---|---|---|")
    content = timed("whole-bank GIFT as the request built it", lambda: exporting.export(in_scope("published"), "gift"))
    with override_settings(TASKS=HELD, ALLOWED_HOSTS=["*"]):
        client = Client()
        page = timed("GET /export/gift now: the progress page", lambda: client.get("/export/gift"))
        assert page["Content-Type"].startswith("text/html"), page
        version = exporting.export_version("gift", "published")
        timed("the worker: build_export", lambda: exporting.build_export.call("gift", "published", "", version))
        sent = timed("GET /export/gift now: the file", lambda: client.get("/export/gift").getvalue())
        assert sent == content[0], "the worker's file differs from the in-request one"
        article = Article.objects.order_by("pk").first()
        url = f"/export/gift?article={article.pk}"
        timed(f"GET {url} (in the request)", lambda: client.get(url).content)
    chosen = Question.objects.filter(pk__in=list(Question.objects.order_by("pk").values_list("pk", flat=True)[:1000]))
    for fmt in exporting.EXPORTS:
        timed(f"admin selection of 1,000 as {fmt}", lambda fmt=fmt: exporting.export(chosen.all(), fmt))
    print(f"\n{len(content[0]) / 1e6:.1f} MB; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
