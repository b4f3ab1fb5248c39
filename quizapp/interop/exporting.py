"""Writing a chosen set of questions in one of the formats: used by the download view, the admin
action and the export_questions command alike."""

from __future__ import annotations

from quizapp.interop import gift, moodle_xml, tabular
from quizapp.interop.records import for_export, records
from quizapp.library.models import QuestionQuerySet

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
