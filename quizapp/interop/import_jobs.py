"""An admin import, once its preview is confirmed, written by the task worker (issue 18).

Writing a large file (planning anchors, saving every fact and question with its history) held a
web worker for as long as it took. Now the confirming request stores the upload and enqueues
`run_import`; the author follows the job on its own page. The upload and the job's state wait as
files in settings.INTEROP_DIR, which every app server and the worker share (the cache may be one
process's memory). The write is importing.run: one transaction, so a failed import writes nothing.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords

from quizapp.interop import importing
from quizapp.interop.records import FormatError
from quizapp.library.bank import BankError
from quizapp.library.models import Article

logger = logging.getLogger(__name__)

QUEUED, DONE, FAILED = "queued", "done", "failed"
# Job files older than this are removed when a new import starts.
KEEP_SECONDS = 7 * 24 * 3600
# A job still queued after this says so: the worker is busy with something long, or not running.
STALLED_SECONDS = 120
_JOB = re.compile(r"[A-Za-z0-9_-]{20,40}")


def _folder() -> Path:
    return Path(settings.INTEROP_DIR) / "imports"


def _state_path(job: str) -> Path:
    return _folder() / f"{job}.json"


def _save(job: str, state: dict) -> None:
    # Written beside and renamed, so a page reading it never sees half a file.
    path = _state_path(job)
    temp = path.with_suffix(".part")
    temp.write_text(json.dumps(state), encoding="utf-8")
    temp.replace(path)


def _prune() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in _folder().glob("*"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def start(user, fmt: str, content: bytes, *, article: Article | None, picks: dict, can_publish: bool) -> str:
    """Store the upload and hand the import to the worker; returns the job's id."""
    _folder().mkdir(parents=True, exist_ok=True)
    _prune()
    job = secrets.token_urlsafe(18)
    (_folder() / f"{job}.upload").write_bytes(content)
    _save(job, {"user": user.pk, "state": QUEUED, "queued_at": time.time()})
    language = translation.get_language()
    run_import.enqueue(job, user.pk, fmt, article.pk if article else None, picks, can_publish, language)
    return job


def status(user_id: int, job: str) -> dict | None:
    """The job's state for its author, or None (unknown, expired, or someone else's)."""
    if not _JOB.fullmatch(job):
        return None
    try:
        state = json.loads(_state_path(job).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if state.get("user") != user_id:
        return None
    state["stalled"] = state["state"] == QUEUED and time.time() - state.get("queued_at", 0) > STALLED_SECONDS
    return state


@contextmanager
def _history_names(user_id: int):
    """History rows written by the worker name the author, as the request's middleware would."""
    user = get_user_model().objects.filter(pk=user_id).first()
    context = HistoricalRecords.context
    outer = getattr(context, "request", None)  # an immediate backend runs inside the request
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if outer is None:
            del context.request
        else:
            context.request = outer


@task()
def run_import(job: str, user_id: int, fmt: str, article_id, picks: dict, can_publish: bool, language: str) -> None:
    if (status(user_id, job) or {}).get("state") != QUEUED:
        return  # already run (a queue that delivers at least once may hand it over again)
    upload = _folder() / f"{job}.upload"
    state = {"user": user_id, "state": FAILED}
    with translation.override(language), _history_names(user_id):
        try:
            parsed = importing.parse(upload.read_bytes(), fmt)
            article = Article.objects.filter(pk=article_id).first() if article_id else None
            plan = importing.plan(parsed, article=article, can_publish=can_publish, picks=picks)
            state["refused"] = [_refused(r) for r in plan.rows if r.action == "refuse"]  # shown even if none is left
            if not plan.accepted:  # the bank changed since the preview: nothing left to write
                raise FormatError(gettext("No question in the file can be imported any more."))
            report = importing.run(plan)
            counts = {"created": report.created["questions"], "updated": report.updated["questions"]}
            state.update(state=DONE, **counts)
        except FileNotFoundError:
            state["error"] = gettext("The uploaded file is gone; upload it again.")
        except FormatError as exc:
            state["error"] = str(exc)
        except BankError as exc:  # a learner picked a choice the file drops after the plan was made
            state["error"] = gettext("Nothing was written: %(problems)s") % {"problems": " ".join(exc.problems)}
        except Exception:
            logger.exception("import %s failed", job)
            state["error"] = gettext("The import failed; nothing was written. Try again, or tell an administrator.")
            raise  # the task is recorded as failed too, with its traceback
        finally:
            _save(job, state)
            upload.unlink(missing_ok=True)


def _refused(row: importing.Row) -> dict:
    """A refused row as the job's page lists it: where in the file, the question, why, and the
    stored question to open when the refusal is about it (a picked choice the file drops)."""
    url = reverse("admin:library_question_change", args=[row.stored_pk]) if row.stored_pk else ""
    return {"where": row.where, "prompt": row.prompt, "reason": row.reason, "url": url}
