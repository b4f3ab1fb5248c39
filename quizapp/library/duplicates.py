"""One question per thing asked: a question whose prompt and answer, normalised as learners' answers
are (script, width, spacing, punctuation), equal another's on the same fact is refused with a link to
that one — in the admin, the API and load_content."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from quizapp.library.models import Question, QuestionType
from quizapp.library.normalise import normalise_text
from quizapp.library.reading import tidy_decimal
from quizapp.library.validation import ChoiceData

# The fields question_key reads, by name, for objects that carry them (a bank spec, a question).
KEY_FIELDS = ("type", "prompt", "choices", "answer_bool", "accepted_answers", "numeric_value", "numeric_unit")


def question_key(
    *,
    type: str,
    prompt: str,
    choices: Sequence[ChoiceData] = (),
    answer_bool: bool | None = None,
    accepted_answers: Sequence[str] = (),
    numeric_value: Decimal | None = None,
    numeric_unit: str = "",
) -> tuple:
    """What a question asks and what it expects; equal keys ask the same thing (a cloze's answers are
    in its prompt)."""
    if type in Question.TYPES_WITH_CHOICES:
        answer: object = tuple(sorted(normalise_text(c.text) for c in choices if c.is_correct))
    elif type == QuestionType.TRUE_FALSE:
        answer = answer_bool
    elif type == QuestionType.SHORT_ANSWER:
        answer = normalise_text(accepted_answers[0]) if accepted_answers else ""
    elif type == QuestionType.NUMERIC:
        answer = (tidy_decimal(numeric_value) if numeric_value is not None else None, normalise_text(numeric_unit))
    else:
        answer = None
    return (type, normalise_text(prompt), answer)


def key_of(question: Question, choices: list[ChoiceData] | None = None) -> tuple:
    """The question's key, from its saved choices or from `choices` (a form's, not saved yet)."""
    if choices is None:
        choices = [ChoiceData(c.text, c.is_correct) for c in question.choices.all()]
    return question_key(
        type=question.type,
        prompt=question.prompt,
        choices=choices,
        answer_bool=question.answer_bool,
        accepted_answers=question.accepted_answers,
        numeric_value=question.numeric_value,
        numeric_unit=question.numeric_unit,
    )


def duplicate_on_fact(fact_id: int | None, key: tuple, exclude: int | None = None) -> Question | None:
    """The question on fact `fact_id` (other than `exclude`) that asks the same as `key`, if any."""
    if fact_id is None:
        return None
    others = Question.objects.filter(fact_id=fact_id, type=key[0]).exclude(pk=exclude).prefetch_related("choices")
    return next((q for q in others if key_of(q) == key), None)


def duplicate_message(existing: Question) -> str:
    url = reverse("admin:library_question_change", args=[existing.pk])
    return gettext("The same question is already on this fact: %(url)s (%(prompt)s).") % {
        "url": url,
        "prompt": str(existing),
    }


def repeated(keys: Iterable[tuple]) -> list[tuple[int, int]]:
    """(later, earlier) positions, 1-based, of keys that repeat an earlier one."""
    seen: dict[tuple, int] = {}
    out = []
    for n, key in enumerate(keys, 1):
        if key in seen:
            out.append((n, seen[key]))
        else:
            seen[key] = n
    return out
