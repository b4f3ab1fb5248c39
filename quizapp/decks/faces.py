"""A question as a flashcard: what the front shows and what the back reveals.

One place decides this for the study pages and for the Anki export, so a card reads the
same in the browser and on a phone. Plain text only; templates and the Anki writer escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType

TRUE_LABEL = "对"
FALSE_LABEL = "错"


@dataclass(frozen=True)
class FaceChoice:
    text: str
    correct: bool


@dataclass(frozen=True)
class Faces:
    front: str  # the prompt as a learner sees it (cloze deletions blanked)
    answer: str  # the short answer on the back
    full_text: str  # the prompt with the answer in place (cloze revealed), else the prompt
    choices: tuple[FaceChoice, ...] = ()
    # The prompt in pieces, (text, is_answer), so the back can highlight what was blanked.
    parts: tuple[tuple[str, bool], ...] = ()


def format_number(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if not unit:
        return text
    # "211.9亿元", "12%", but "3.5 km": a space only before a Latin word.
    return f"{text} {unit}" if unit[0].isascii() and unit[0].isalpha() else f"{text}{unit}"


def _revealed_parts(prompt: str) -> tuple[tuple[str, bool], ...]:
    parts, last = [], 0
    for match in cloze.DELETION.finditer(prompt):
        parts += [(prompt[last : match.start()], False), (match[2], True)]
        last = match.end()
    parts.append((prompt[last:], False))
    return tuple(p for p in parts if p[0])


def faces(question: Question) -> Faces:
    """Needs question.choices prefetched (or is one query for choice questions)."""
    prompt = question.prompt
    match question.type:
        case QuestionType.CLOZE:
            return Faces(
                front=cloze.blanked(prompt),
                answer="；".join(cloze.answers(prompt)),
                full_text=cloze.revealed(prompt),
                parts=_revealed_parts(prompt),
            )
        case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_RESPONSE:
            choices = tuple(FaceChoice(c.text, c.is_correct) for c in question.choices.all())
            return Faces(
                front=prompt,
                answer="；".join(c.text for c in choices if c.correct),
                full_text=prompt,
                choices=choices,
            )
        case QuestionType.TRUE_FALSE:
            return Faces(front=prompt, answer=TRUE_LABEL if question.answer_bool else FALSE_LABEL, full_text=prompt)
        case QuestionType.NUMERIC:
            answer = format_number(question.numeric_value, question.numeric_unit)
            return Faces(front=prompt, answer=answer, full_text=prompt)
        case _:  # short answer
            accepted = question.accepted_answers or [""]
            return Faces(front=prompt, answer=str(accepted[0]), full_text=prompt)
