"""Grading a learner's response to a question, fairly to Chinese input.

Response shapes, by question type (the views parse the POST into these):
  single_choice      int choice id, or None for no choice
  multiple_response  iterable of int choice ids (empty or None: nothing ticked)
  true_false         bool, or None
  cloze              list of str, one per deletion number in order (cloze.answers(prompt))
  short_answer       str
  numeric            str as typed (an int or Decimal is accepted too)

A response of the wrong shape is a programming error (TypeError); a choice id that is not one of
the question's choices is a bad request (ValueError); a question that cannot be graded at all, such
as one without a correct choice, raises UngradableQuestion.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from quizapp.library import cloze
from quizapp.library.models import Choice, Question, QuestionType
from quizapp.library.normalise import normalise_text, parse_number, parse_quantity
from quizapp.library.reading import format_number

__all__ = [
    "AnswerMatch",
    "Grade",
    "UngradableQuestion",
    "blank_matches",
    "grade",
    "match_answer",
    "normalise_text",
    "note_text",
    "parse_number",
]  # the normalisers are re-exported so callers need one import

# A note is stored with the answer as its key and values, and put into words when shown, so it
# reads in the language of whoever looks at it later, not of whoever answered.
NOTES = {
    "choices": _("%(right)d of %(total)d correct choices ticked, %(wrong)d wrong."),
    "blanks": _("%(right)d of %(total)d blanks right."),
    "script": _("Matched across simplified/traditional script."),
    "unit": _("Answer with a number in %(unit)s; 万 and 亿 are converted."),
    "number": _("Answer with a number."),
    "read_as": _("Read as %(number)s."),
    "margin": _("Within the accepted margin of ±%(tolerance)s."),
}


def note_text(note: dict | None) -> str:
    """A grading note in words ("" for none, or for a key this version no longer knows)."""
    template = NOTES.get((note or {}).get("key", ""))
    return str(template) % note if template else ""


@dataclass(frozen=True)
class Grade:
    correct: bool  # fully right
    score: float  # 0.0..1.0; below 1 but above 0 only with partial credit
    note: dict | None = None  # a hint for the learner: {"key": one of NOTES, and its values}


class UngradableQuestion(Exception):
    """The question itself lacks what grading needs (no correct choice, no accepted answer, …).
    The exception's own text is for the editors' logs; learners are told learner_message."""

    learner_message = _("This question cannot be graded as it stands; it needs an editor to fix it.")


def grade(question: Question, response, *, partial_credit: bool = False) -> Grade:
    """Grade `response` (shaped as the module docstring says) against `question`.

    Choices come from question.choices.all(), so prefetch them to grade without queries.
    """
    grader = _GRADERS.get(question.type)
    if grader is None:
        raise UngradableQuestion(f"Question {question.pk} has unknown type {question.type!r}.")
    return grader(question, response, partial_credit)


# ---------------------------------------------------------------- choices


def _choices(question: Question) -> list[Choice]:
    choices = list(question.choices.all())
    if not any(c.is_correct for c in choices):
        raise UngradableQuestion(f"Question {question.pk} has no correct choice.")
    return choices


def _grade_single_choice(question: Question, response, partial_credit: bool) -> Grade:
    choices = _choices(question)
    if response is None:
        return Grade(correct=False, score=0.0)
    if not isinstance(response, int) or isinstance(response, bool):
        raise TypeError(f"A single-choice response is a choice id, not {type(response).__name__}.")
    chosen = next((c for c in choices if c.pk == response), None)
    if chosen is None:
        raise ValueError(f"Choice {response} is not a choice of question {question.pk}.")
    return _all_or_nothing(chosen.is_correct)


def _grade_multiple_response(question: Question, response, partial_credit: bool) -> Grade:
    choices = _choices(question)
    if response is None:
        response = ()
    if isinstance(response, str | bytes) or not isinstance(response, Iterable):
        raise TypeError(f"A multiple-response response is a collection of choice ids, not {response!r}.")
    ticked = set(response)
    if any(not isinstance(pk, int) or isinstance(pk, bool) for pk in ticked):
        raise TypeError(f"Choice ids are ints; got {sorted(map(repr, ticked))}.")
    unknown = ticked - {c.pk for c in choices}
    if unknown:
        raise ValueError(f"Choices {sorted(unknown)} are not choices of question {question.pk}.")
    correct_ids = {c.pk for c in choices if c.is_correct}
    if ticked == correct_ids:
        return Grade(correct=True, score=1.0)
    right, wrong = len(ticked & correct_ids), len(ticked - correct_ids)
    score = max(0.0, (right - wrong) / len(correct_ids)) if partial_credit else 0.0
    note = {"key": "choices", "right": right, "total": len(correct_ids), "wrong": wrong}
    return Grade(correct=False, score=score, note=note)


def _grade_true_false(question: Question, response, partial_credit: bool) -> Grade:
    if question.answer_bool is None:
        raise UngradableQuestion(f"Question {question.pk} does not say whether the statement is true.")
    if response is None:
        return Grade(correct=False, score=0.0)
    if not isinstance(response, bool):
        raise TypeError(f"A true/false response is a bool, not {type(response).__name__}.")
    return _all_or_nothing(response == question.answer_bool)


# ---------------------------------------------------------------- typed answers


@dataclass(frozen=True)
class AnswerMatch:
    matched: bool
    across_scripts: bool = False  # matched only once simplified and traditional were folded together


def match_answer(expected: str, given: str) -> AnswerMatch:
    """Whether a typed answer says the same as an expected one.

    Two amounts with the same unit word compare as numbers ("4000万" = "四千万" = "40,000,000",
    but "-5" ≠ "5"); anything else compares by normalise_text.
    """
    wanted, typed = parse_quantity(expected), parse_quantity(given)
    if wanted is not None and typed is not None and wanted.base == typed.base:
        return AnswerMatch(wanted.value == typed.value)
    key = normalise_text(expected)
    if not key:
        # An answer of punctuation alone ("——") would otherwise match any empty response.
        key = _key_keeping_punctuation(expected)
        return AnswerMatch(bool(key) and _key_keeping_punctuation(given) == key)
    if normalise_text(given) != key:
        return AnswerMatch(False)
    same_script = normalise_text(given, fold_script=False) == normalise_text(expected, fold_script=False)
    return AnswerMatch(True, across_scripts=not same_script)


def _key_keeping_punctuation(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).casefold() if not ch.isspace())


def _typed(response, what: str) -> str:
    if response is None:
        return ""
    if isinstance(response, str):
        return response
    raise TypeError(f"{what} is text, not {type(response).__name__}.")


def _grade_short_answer(question: Question, response, partial_credit: bool) -> Grade:
    accepted = [str(a) for a in question.accepted_answers if str(a).strip()]
    if not accepted:
        raise UngradableQuestion(f"Question {question.pk} has no accepted answer.")
    found = _best_match(accepted, _typed(response, "A short answer"))
    if not found.matched:
        return Grade(correct=False, score=0.0)
    return Grade(correct=True, score=1.0, note=_script_note(found.across_scripts))


def _best_match(accepted: list[str], given: str) -> AnswerMatch:
    """`given` against every accepted answer: a match if any, preferably one in the learner's own
    script, so the script note only shows when folding scripts helped."""
    return min((match_answer(a, given) for a in accepted), key=lambda m: (not m.matched, m.across_scripts))


def blank_matches(question: Question, response) -> list[AnswerMatch]:
    """Each blank of a cloze against its right answers, in order (a missing blank counts as empty):
    what grading counts and what the feedback marks blank by blank."""
    expected_answers = cloze.accepted(question.prompt, question.accepted_answers)  # each blank's alternatives too
    if not expected_answers:
        raise UngradableQuestion(f"Question {question.pk} is a cloze without deletions.")
    if response is None:
        response = []
    if isinstance(response, str) or not isinstance(response, list | tuple):
        raise TypeError(f"A cloze response is a list of str, one per blank, not {type(response).__name__}.")
    if len(response) > len(expected_answers):
        raise ValueError(f"{len(response)} answers for {len(expected_answers)} blanks in question {question.pk}.")
    given = [_typed(r, "A cloze answer") for r in response]
    given += [""] * (len(expected_answers) - len(given))
    return [_best_match(e, g) for e, g in zip(expected_answers, given, strict=True)]


def _grade_cloze(question: Question, response, partial_credit: bool) -> Grade:
    matches = blank_matches(question, response)
    right = sum(m.matched for m in matches)
    if right == len(matches):
        return Grade(correct=True, score=1.0, note=_script_note(any(m.across_scripts for m in matches)))
    score = right / len(matches) if partial_credit else 0.0
    note = {"key": "blanks", "right": right, "total": len(matches)} if right else None
    return Grade(correct=False, score=score, note=note)


def _script_note(across_scripts: bool) -> dict | None:
    return {"key": "script"} if across_scripts else None


# ---------------------------------------------------------------- numbers


def _grade_numeric(question: Question, response, partial_credit: bool) -> Grade:
    if question.numeric_value is None:
        raise UngradableQuestion(f"Question {question.pk} has no numeric answer.")
    value = Decimal(str(question.numeric_value))
    tolerance = abs(Decimal(str(question.numeric_tolerance or 0)))
    unit = question.numeric_unit.strip()
    if isinstance(response, int | Decimal) and not isinstance(response, bool):
        response = str(response)
    typed = _typed(response, "A numeric answer")
    parsed = parse_number(typed, unit)
    if parsed is None:
        note = {"key": "unit", "unit": unit} if unit else {"key": "number"}
        return Grade(correct=False, score=0.0, note=note)
    if abs(parsed - value) > tolerance:
        return Grade(correct=False, score=0.0, note={"key": "read_as", "number": format_number(parsed, unit)})
    note = None
    if parsed != value:
        note = {"key": "margin", "tolerance": format_number(tolerance, unit)}
    return Grade(correct=True, score=1.0, note=note)


def _all_or_nothing(correct: bool) -> Grade:
    return Grade(correct=correct, score=1.0 if correct else 0.0)


_GRADERS: dict[str, Callable[[Question, object, bool], Grade]] = {
    QuestionType.SINGLE_CHOICE: _grade_single_choice,
    QuestionType.MULTIPLE_RESPONSE: _grade_multiple_response,
    QuestionType.TRUE_FALSE: _grade_true_false,
    QuestionType.CLOZE: _grade_cloze,
    QuestionType.SHORT_ANSWER: _grade_short_answer,
    QuestionType.NUMERIC: _grade_numeric,
}
