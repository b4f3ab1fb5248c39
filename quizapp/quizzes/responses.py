"""Turn a submission into the response shape grading expects, or say what is missing.

The one parser for every entry point: the quiz page posts a form (QueryDict, every value a string)
and the API sends JSON (ints, bools and lists, their types checked by its serializer).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.library.normalise import parse_number

MAX_TEXT = 200


# The field each type's response is sent in (the form's input name, the API's JSON key).
FIELDS = {
    QuestionType.SINGLE_CHOICE: "choice",
    QuestionType.MULTIPLE_RESPONSE: "choices",
    QuestionType.TRUE_FALSE: "answer",
    QuestionType.CLOZE: "blank",
}


class ResponseError(ValueError):
    """The submission cannot be graded as it stands; the message tells the learner what to do,
    `field` names the field at fault."""

    field = "text"


def response_field(question: Question) -> str:
    return FIELDS.get(question.type, "text")


def _values(data: Mapping, key: str) -> list:
    """Every value sent under `key`: a form repeats the field, JSON sends a list (or one value)."""
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _value(data: Mapping, key: str):
    values = _values(data, key)
    return values[-1] if values else None


def _int(value) -> int | None:
    """A choice id as sent; only ever compared with the question's own choice ids."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()[:20])
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(value) if isinstance(value, str) else None


def _text(value) -> str:
    # A NUL byte is never part of an answer, and PostgreSQL cannot store it (a 500, the answer lost).
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def parse_response(question: Question, data: Mapping):
    """The response to `question` in the shape grading expects; raises ResponseError."""
    try:
        return _parse(question, data)
    except ResponseError as exc:
        exc.field = response_field(question)
        raise


def _parse(question: Question, data: Mapping):
    choice_ids = {c.pk for c in question.choices.all()}
    kind, field = question.type, response_field(question)
    if kind == QuestionType.SINGLE_CHOICE:
        picked = _int(_value(data, field))
        if picked is None:
            raise ResponseError(_("Choose one answer."))
        if picked not in choice_ids:
            raise ResponseError(_("That choice does not belong to this question."))
        return picked
    if kind == QuestionType.MULTIPLE_RESPONSE:
        picked = [_int(v) for v in _values(data, field)]
        if not picked:
            raise ResponseError(_("Tick at least one answer."))
        if any(p not in choice_ids for p in picked):
            raise ResponseError(_("That choice does not belong to this question."))
        return sorted(set(picked))
    if kind == QuestionType.TRUE_FALSE:
        value = _bool(_value(data, field))
        if value is None:
            raise ResponseError(_("Choose true or false."))
        return value
    if kind == QuestionType.CLOZE:
        expected = len(cloze.answers(question.prompt))
        blanks = [_text(b)[:MAX_TEXT] for b in _values(data, field)]
        if len(blanks) != expected:
            raise ResponseError(_("Fill in every blank."))
        if not any(blanks):
            raise ResponseError(_("Fill in the blanks."))
        if not all(blanks):  # most likely Enter pressed too early, without JavaScript: nothing is graded yet
            empty = blanks.index("") + 1
            raise ResponseError(_("Fill in every blank: blank %(number)d is empty.") % {"number": empty})
        return blanks
    text = _text(_value(data, field))
    if not text:
        raise ResponseError(_("Type your answer."))
    if len(text) > MAX_TEXT:
        raise ResponseError(_("That answer is too long; keep it under 200 characters."))
    if kind == QuestionType.NUMERIC and parse_number(text, question.numeric_unit) is None:
        unit = question.numeric_unit or _("the asked unit")
        raise ResponseError(_("Type a number in %(unit)s, e.g. 211.9 (万 and 亿 are converted).") % {"unit": unit})
    return text


def as_submission(question: Question, response) -> MultiValueDict:
    """A stored response as the form that would have sent it: an exam question shows the answer
    already given (ticked, typed) so the learner can change it."""
    if response is None:
        return MultiValueDict()
    if question.type == QuestionType.TRUE_FALSE:
        values = ["true" if response else "false"]
    else:
        values = [str(v) for v in response] if isinstance(response, list) else [str(response)]
    return MultiValueDict({response_field(question): values})
