"""Type-specific rules for a question, shared by the admin, load_content and the API.

Each message says what to fix, in words an author understands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from quizapp.library import cloze
from quizapp.library.models import QuestionType, Status


@dataclass(frozen=True)
class ChoiceData:
    text: str
    is_correct: bool
    feedback: str = ""


def question_problems(
    *,
    type: str,
    prompt: str,
    explanation: str,
    choices: Sequence[ChoiceData] = (),
    answer_bool: bool | None = None,
    accepted_answers: Sequence[str] = (),
    numeric_value: Decimal | None = None,
    numeric_tolerance: Decimal | None = None,
    status: str = "",
    anchored: bool = True,
) -> dict[str, list[str]]:
    """Problems keyed by the field they belong to ('__all__' for the question as a whole)."""
    found: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        found.setdefault(field, []).append(message)

    if type not in QuestionType.values:
        add(
            "type",
            gettext("Unknown question type %(type)s; use one of %(types)s.")
            % {"type": repr(type), "types": ", ".join(QuestionType.values)},
        )
        return found
    if status == Status.PUBLISHED and not anchored:
        add("status", gettext("Confirm the question's fact (or choose another) before publishing it."))
    if not prompt.strip():
        add("prompt", gettext("Write the prompt the learner will see."))
    if not explanation.strip():
        add("explanation", gettext("Write an explanation that teaches why the answer is right."))

    correct = sum(1 for c in choices if c.is_correct)
    wrong = len(choices) - correct
    if type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        if any(not c.text.strip() for c in choices):
            add("choices", gettext("Every choice needs text; delete empty ones."))
        texts = [c.text.strip() for c in choices]
        if len(set(texts)) != len(texts):
            add("choices", gettext("Two choices have the same text; make each one different."))
    if type == QuestionType.SINGLE_CHOICE:
        if correct != 1:
            message = gettext("A single-choice question needs exactly one correct choice; it has %(n)d.")
            add("choices", message % {"n": correct})
        if wrong < 2:
            message = gettext("A single-choice question needs at least two wrong choices; it has %(n)d.")
            add("choices", message % {"n": wrong})
    elif type == QuestionType.MULTIPLE_RESPONSE:
        if correct < 1:
            add("choices", gettext("A multiple-response question needs at least one correct choice; mark one."))
        if wrong < 1:
            message = gettext("A multiple-response question needs at least one wrong choice, or it tests nothing.")
            add("choices", message)
        if len(choices) < 3:
            add(
                "choices",
                gettext("A multiple-response question needs at least three choices; it has %(n)d.")
                % {"n": len(choices)},
            )
    elif choices:
        message = gettext("A %(type)s question takes no choices; remove them.")
        add("choices", message % {"type": QuestionType(type).label})

    if type == QuestionType.TRUE_FALSE and answer_bool is None:
        add("answer_bool", gettext("Say whether the statement is true or false."))
    if type == QuestionType.CLOZE:
        for message in cloze.problems(prompt):
            add("prompt", message)
    if type == QuestionType.SHORT_ANSWER and not [a for a in accepted_answers if str(a).strip()]:
        add("accepted_answers", gettext("List at least one accepted answer."))
    if type == QuestionType.NUMERIC:
        if numeric_value is None:
            add("numeric_value", gettext("Give the numeric answer."))
        if numeric_tolerance is not None and numeric_tolerance < 0:
            add("numeric_tolerance", gettext("The tolerance cannot be negative; use 0 for an exact answer."))
    return found
