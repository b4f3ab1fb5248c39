"""How a question reads to a learner, shared by the reader, quiz pages and the admin preview."""

from __future__ import annotations

from django import template

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType

register = template.Library()


@register.filter
def learner_prompt(question: Question) -> str:
    return question.learner_prompt()


@register.filter
def revealed_prompt(question: Question) -> str:
    return question.revealed_prompt()


@register.filter
def expected_answer(question: Question) -> str:
    if question.type == QuestionType.CLOZE:
        return " / ".join(cloze.answers(question.prompt))
    if question.type == QuestionType.SHORT_ANSWER:
        return " / ".join(question.accepted_answers)
    if question.type == QuestionType.NUMERIC and question.numeric_value is not None:
        value = format(question.numeric_value.normalize(), "f")
        return f"{value} {question.numeric_unit}".strip()
    if question.type == QuestionType.TRUE_FALSE:
        return {True: "对", False: "错"}.get(question.answer_bool, "—")
    return " / ".join(c.text for c in question.choices.all() if c.is_correct)


@register.filter
def cloze_segments(question: Question) -> list[dict]:
    """The cloze prompt as text pieces and blanks; repeated deletion numbers share one blank."""
    parts, cursor, seen = [], 0, set()
    for m in cloze.DELETION.finditer(question.prompt):
        parts.append({"text": question.prompt[cursor : m.start()]})
        number = int(m[1])
        if number in seen:
            parts.append({"text": "［＿＿＿］"})
        else:
            seen.add(number)
            parts.append({"blank": number, "hint": m[3] or ""})
        cursor = m.end()
    parts.append({"text": question.prompt[cursor:]})
    return [p for p in parts if p.get("text") != ""]
