"""The question list's statistics as a CSV download: the rows the admin list shows, filters and all."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, StreamingHttpResponse

from quizapp.library.models import Question
from quizapp.stats import items, stored

CHUNK = 500
HEADER = [
    "question", "uuid", "type", "status", "prompt", "first answers", "facility", "share right", "discrimination",
    "upper-lower", "median seconds", "all answers", "facility (all)", "reviews", "again-rate", "flags",
    "probably right",
]  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def statistics_csv(request: HttpRequest) -> StreamingHttpResponse:
    """GET with the list page's query string: the same questions, their statistics a chunk at a time."""
    model_admin = admin.site.get_model_admin(Question)
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    questions = model_admin.get_changelist_instance(request).queryset.order_by("pk")
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in [HEADER, *_rows(questions)])
    response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="question-statistics.csv"'
    return response


def _with_bom(lines: Iterable[str]) -> Iterator[str]:
    yield "\ufeff"  # so that spreadsheet programs read the Chinese text as UTF-8
    yield from lines


def _rows(questions) -> Iterator[list]:
    ids = list(questions.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = list(Question.objects.filter(pk__in=ids[start : start + CHUNK]).order_by("pk"))
        found = stored.for_questions(chunk)
        for question in chunk:
            stats = found[question.pk]
            basis, every = stats.basis, stats.sample(items.ALL, items.BOTH)
            probable = "; ".join(w.text for w in stats.wrong if w.reason)
            yield [
                question.pk, question.uuid, question.type, question.status, question.prompt, basis.answers,
                _number(basis.facility), _number(basis.correct), _number(basis.discrimination),
                _number(basis.upper_lower), _number(basis.median_seconds), every.answers, _number(every.facility),
                stats.reviews, _number(stats.again_rate), " ".join(stats.flags), probable,
            ]  # fmt: skip


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
