"""How a question reads to a learner, for templates: one-line wrappers over quizapp.library.reading."""

from __future__ import annotations

from django import template

from quizapp.library import reading
from quizapp.library.context_processors import in_script
from quizapp.library.models import Question

register = template.Library()


@register.filter
def shown(text, script: str):
    """`{{ text|shown:reading_script }}`: the text in the reader's chosen script (display only)."""
    return in_script(text, script)


@register.filter
def clock(seconds) -> str:
    """Seconds as minutes and seconds: 1199 → "19:59"."""
    seconds = max(0, int(seconds or 0))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def learner_prompt(question: Question) -> str:
    return question.learner_prompt()


@register.filter
def revealed_prompt(question: Question) -> str:
    return question.revealed_prompt()


@register.filter
def expected_answer(question: Question) -> str:
    return reading.expected_answer(question)


@register.filter
def cloze_segments(question: Question) -> list[dict]:
    return reading.cloze_segments(question.prompt)


@register.filter
def glossed(gloss: str, text: str) -> str:
    return reading.glossed(gloss, text)


@register.simple_tag
def truth_choices() -> tuple[tuple[str, str], ...]:
    return reading.truth_choices()
