"""Turn a submitted form into the response shape grading expects, or say what is missing."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType

MAX_TEXT = 200


class ResponseError(ValueError):
    """The submission cannot be graded as it stands; the message tells the learner what to do."""


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def parse_response(question: Question, data: QueryDict):
    choice_ids = {c.pk for c in question.choices.all()}
    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        picked = _int(data.get("choice", ""))
        if picked is None:
            raise ResponseError(_("Choose one answer."))
        if picked not in choice_ids:
            raise ResponseError(_("That choice does not belong to this question."))
        return picked
    if kind == QuestionType.MULTIPLE_RESPONSE:
        picked = [_int(v) for v in data.getlist("choices")]
        if not picked:
            raise ResponseError(_("Tick at least one answer."))
        if any(p not in choice_ids for p in picked):
            raise ResponseError(_("That choice does not belong to this question."))
        return sorted(set(picked))
    if kind == QuestionType.TRUE_FALSE:
        value = data.get("answer", "")
        if value not in ("true", "false"):
            raise ResponseError(_("Choose true or false."))
        return value == "true"
    if kind == QuestionType.CLOZE:
        expected = len(cloze.answers(question.prompt))
        blanks = [b.strip()[:MAX_TEXT] for b in data.getlist("blank")]
        if len(blanks) != expected:
            raise ResponseError(_("Fill in every blank."))
        if not any(blanks):
            raise ResponseError(_("Fill in the blanks."))
        return blanks
    text = (data.get("text") or "").strip()
    if not text:
        raise ResponseError(_("Type your answer."))
    if len(text) > MAX_TEXT:
        raise ResponseError(_("That answer is too long; keep it under 200 characters."))
    if kind == QuestionType.NUMERIC:
        from quizapp.quizzes.grading import parse_number

        if parse_number(text, question.numeric_unit) is None:
            unit = question.numeric_unit
            raise ResponseError(
                _("Type a number in %(unit)s, e.g. 211.9 (万 and 亿 are converted).")
                % {"unit": unit or _("the asked unit")}
            )
    return text
