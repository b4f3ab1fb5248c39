"""CSV and Excel (.xlsx) through tablib: one row per question, the columns in COLUMNS.

Cells with several values hold one per line: `choices` (a leading `* ` marks a correct one),
`choice_feedback` (same order), `accepted_answers`, a cloze's `alternatives` (`c1::翻倍`).
`tags` and `fact_tags` are separated by spaces.
"""

from __future__ import annotations

import tablib
from django.utils.translation import gettext

from quizapp.interop.records import FormatError, Parsed, apply_extras, extras, imported_id

COLUMNS = (
    "id", "article", "fact_id", "quote", "restatement", "erratum", "fact_tags",
    "type", "status", "difficulty", "tags", "prompt",
    "choices", "choice_feedback", "answer", "accepted_answers", "alternatives", "value", "tolerance", "unit",
    "explanation", "check_override", "source_url",
)  # fmt: skip
REQUIRED = {"type", "prompt", "explanation"}
CORRECT_MARK = "* "


def _row(record: dict) -> list:
    fact = record.get("fact") or {}
    choices = record.get("choices") or []
    answer = record.get("answer")
    more = extras(record)
    return [
        record["id"], fact.get("article", ""), fact.get("id", ""), fact.get("quote", ""),
        more.get("restatement", ""), more.get("erratum", ""), more.get("fact_tags", ""), record["type"],
        record["status"], record["difficulty"], " ".join(record.get("tags", [])), record["prompt"],
        "\n".join((CORRECT_MARK if c["correct"] else "") + c["text"] for c in choices),
        "\n".join(c.get("feedback", "").replace("\n", " ") for c in choices),
        "" if answer is None else ("true" if answer else "false"),
        "\n".join(record.get("accepted_answers", [])), more.get("alternatives", ""),
        record.get("value", ""), record.get("tolerance", ""), record.get("unit", ""),
        record["explanation"], more.get("check_override", ""), record.get("source_url", ""),
    ]  # fmt: skip


def write(records: list[dict], fmt: str) -> bytes:
    data = tablib.Dataset(*(_row(r) for r in records), headers=COLUMNS)
    exported = data.export(fmt)
    return exported.encode("utf-8-sig") if isinstance(exported, str) else exported


def _lines(cell: object) -> list[str]:
    return [line.strip() for line in str(cell or "").splitlines() if line.strip()]


def _record(row: dict, where: str) -> Parsed:
    text = {k: ("" if v is None else str(v).strip()) for k, v in row.items() if k}
    kind = text.get("type", "")
    record: dict = {
        "id": text.get("id") or imported_id("table", kind, text.get("prompt", "")),
        "type": kind,
        "status": text.get("status") or "draft",
        "difficulty": int(text["difficulty"]) if text.get("difficulty", "").isdigit() else 2,
        "tags": text.get("tags", "").split(),
        "prompt": text.get("prompt", ""),
        "explanation": text.get("explanation", ""),
    }
    if kind in ("single_choice", "multiple_response"):
        feedback = str(row.get("choice_feedback") or "").split("\n")
        record["choices"] = [
            {
                "text": line.removeprefix(CORRECT_MARK).strip(),
                "correct": line.startswith(CORRECT_MARK),
                "feedback": feedback[n].strip() if n < len(feedback) else "",
            }
            for n, line in enumerate(_lines(row.get("choices")))
        ]
    if text.get("answer"):
        answer = text["answer"].lower()
        if answer not in ("true", "false"):
            message = gettext("answer %(answer)s must be true or false")
            return Parsed(where, refused=message % {"answer": repr(text["answer"])})
        record["answer"] = answer == "true"
    if kind == "short_answer":
        record["accepted_answers"] = _lines(row.get("accepted_answers"))
    if kind == "numeric":
        record.update(
            value=text.get("value") or None, tolerance=text.get("tolerance") or "0", unit=text.get("unit", "")
        )
    if text.get("quote") or text.get("article"):
        record["fact"] = {"id": text.get("fact_id", ""), "quote": text.get("quote", ""), "article": text.get("article")}
    apply_extras(record, text)
    return Parsed(where, record)


def read(content: bytes, fmt: str) -> list[Parsed]:
    try:
        if fmt == "csv":
            data = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            data = tablib.Dataset().load(content, format="xlsx")
    except UnicodeDecodeError:
        raise FormatError(gettext("A CSV file must be UTF-8 text.")) from None
    except Exception as exc:  # tablib and openpyxl raise many kinds for a file that is not theirs
        message = gettext("Not a readable %(format)s file (%(error)s).")
        raise FormatError(message % {"format": fmt.upper(), "error": type(exc).__name__}) from None
    headers = {str(h).strip() for h in data.headers or [] if h}
    if missing := REQUIRED - headers:
        message = gettext("The first row must name the columns; missing: %(columns)s.")
        raise FormatError(message % {"columns": ", ".join(sorted(missing))})
    return [_record(row, gettext("row %(number)d") % {"number": n}) for n, row in enumerate(data.dict, 2)]
