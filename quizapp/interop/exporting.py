"""Writing a chosen set of questions in one of the formats: used by the download view, the admin
action and the export_questions command alike; and the bank-wide exports, built once per content
version by the task worker and served as files (quizapp.prepared, as the deck packages are)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.tasks import task

from quizapp.interop import gift, moodle_xml, tabular
from quizapp.interop.records import for_export, in_scope, records
from quizapp.library.models import QuestionQuerySet
from quizapp.prepared import build_once, fingerprint, questions_state, ready_file

# Bump when a writer's output changes, so files built by older code are not served.
EXPORT_FORMAT = 1

# format → (writer, file extension, content type)
EXPORTS = {
    "moodle": (moodle_xml.write, "xml", "application/xml; charset=utf-8"),
    "gift": (gift.write, "gift.txt", "text/plain; charset=utf-8"),
    "csv": (lambda rs: tabular.write(rs, "csv"), "csv", "text/csv; charset=utf-8"),
    "xlsx": (
        lambda rs: tabular.write(rs, "xlsx"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def export(questions: QuestionQuerySet, fmt: str) -> tuple[bytes, str, str]:
    """(content, file extension, content type) of these questions in format `fmt`."""
    write, extension, content_type = EXPORTS[fmt]
    return write(records(for_export(questions))), extension, content_type


def bank_questions(scope: str, tag: str = "") -> QuestionQuerySet:
    """The questions of a bank-wide export: every one in the scope (records.export_scope), or those
    carrying `tag`."""
    questions = in_scope(scope)
    return questions.filter(tags__name=tag) if tag else questions


def export_path(fmt: str, scope: str, tag: str, version: str) -> Path:
    # The tag is named by a hash: the file name never carries what a URL said.
    return Path(settings.INTEROP_DIR) / "exports" / f"{fmt}-{fingerprint(scope, tag)[:12]}-{version}.{EXPORTS[fmt][1]}"


def export_version(fmt: str, scope: str, tag: str = "") -> str:
    state = questions_state(bank_questions(scope, tag))
    return fingerprint(EXPORT_FORMAT, fmt, scope, tag, settings.SITE_URL, *state)


@task()
def build_export(fmt: str, scope: str, tag: str, version: str) -> None:
    """Write the export for `version`, then drop the older versions of the same export."""
    path = export_path(fmt, scope, tag, version)
    write = lambda out: out.write(export(bank_questions(scope, tag), fmt)[0])  # noqa: E731
    build_once(path, write, f"{fmt}-{fingerprint(scope, tag)[:12]}-*")


def ready_export(fmt: str, scope: str, tag: str = "") -> Path | None:
    """The file of the export as the bank stands now, or None while the worker builds it."""
    version = export_version(fmt, scope, tag)
    path = export_path(fmt, scope, tag, version)
    return ready_file(path, path.name, lambda: build_export.enqueue(fmt, scope, tag, version))
