"""Files built once per content version by the task worker and served from disk (issue 18).

Deck packages and whole-bank exports take seconds to minutes of CPU at 50,000 questions: built in a
request they held a web worker (or outlived its timeout) and were rebuilt on every click. Their
views follow one path: compute the content version (one aggregate), serve the file built for it if
there is one, else claim the build in the cache and enqueue a task (`@task`/`.enqueue()` only, so
the database worker and any other backend serve alike); later callers wait for that one build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from quizapp.decks.anki import save_atomically
from quizapp.web import HtmxHttpRequest, vary_on_htmx

# A build that has not finished by then (a worker died) may be asked for again.
BUILD_CLAIM_SECONDS = 15 * 60


def fingerprint(*parts) -> str:
    """A short stable name for what a file was built from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def questions_state(questions) -> tuple:
    """What moves whenever a file of these questions may change: a question, fact or article
    edited, published or withdrawn (the count and the latest edit of each)."""
    row = questions.order_by().aggregate(
        n=Count("pk"), q=Max("updated_at"), f=Max("fact__updated_at"), a=Max("fact__article__updated_at")
    )
    return tuple(row.values())


def ready_file(path: Path, claim: str, enqueue: Callable[[], object]) -> Path | None:
    """`path` when it is built, else None while it is being built. The first caller for a version
    enqueues the build; later callers (other clicks, other servers sharing the cache) wait for it."""
    if path.exists():
        return path
    if cache.add(f"prepared:{claim}", True, timeout=BUILD_CLAIM_SECONDS):
        enqueue()
    return path if path.exists() else None  # an immediate backend has built it already


def build_once(path: Path, write: Callable[[IO[bytes]], object], family: str, keep: str = "") -> None:
    """Write `path` unless it exists, then drop the files of its `family` (a glob in the same folder)
    whose names do not start with `keep` (default: the file itself): the older versions."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    save_atomically(path, write)
    for older in path.parent.glob(family):
        if not older.name.startswith(keep or path.name):
            older.unlink(missing_ok=True)


def file_response(path: Path, filename: str, content_type: str) -> FileResponse:
    # The file name carries the version, so a copy is current as long as the URL answers with it;
    # "no-cache" still makes browsers ask, as the URL stays the same across versions.
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-cache"
    return response


def waiting_page(request: HtmxHttpRequest, path: Path | None, template: str, context: dict) -> HttpResponse | None:
    """While the file is being built, `template` says so and asks again; its htmx poll gets a 204
    (htmx swaps nothing and keeps asking) until the file is there, then the template's `ready`
    partial. None when the file itself is to be sent."""
    if request.htmx:
        if path is None:
            return vary_on_htmx(HttpResponse(status=204))
        return vary_on_htmx(render(request, f"{template}#ready", context))
    if path is None:
        return vary_on_htmx(render(request, template, context))
    return None
