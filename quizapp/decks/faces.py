"""A question as a flashcard: what the front shows and what the back reveals.

One place decides this for the study pages and for the Anki export, so a card reads the
same in the browser and on a phone. Plain text only; templates and the Anki writer escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType

TRUE_LABEL = "对"
FALSE_LABEL = "错"


class FaceChoice(NamedTuple):
    text: str
    correct: bool


@dataclass(slots=True)
class Faces:
    """What the card shows. The display forms of the prompt are computed when asked for: the
    Anki export (ten thousand notes at a time) needs only the answer and the choices."""

    prompt: str
    is_cloze: bool
    answer: str  # the short answer on the back
    choices: tuple[FaceChoice, ...] = ()

    @property
    def front(self) -> str:
        """The prompt as a learner sees it (cloze deletions blanked)."""
        return cloze.blanked(self.prompt) if self.is_cloze else self.prompt

    @property
    def full_text(self) -> str:
        """The prompt with the answer in place (cloze revealed)."""
        return cloze.revealed(self.prompt) if self.is_cloze else self.prompt

    @property
    def parts(self) -> tuple[tuple[str, bool], ...]:
        """The revealed prompt in pieces, (text, is_answer), so the back can highlight the answers."""
        return _revealed_parts(self.prompt) if self.is_cloze else ((self.prompt, False),)


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
            return Faces(prompt, True, "；".join(cloze.answers(prompt)))
        case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_RESPONSE:
            choices = tuple(FaceChoice(c.text, c.is_correct) for c in question.choices.all())
            return Faces(prompt, False, "；".join(c.text for c in choices if c.correct), choices)
        case QuestionType.TRUE_FALSE:
            return Faces(prompt, False, TRUE_LABEL if question.answer_bool else FALSE_LABEL)
        case QuestionType.NUMERIC:
            return Faces(prompt, False, format_number(question.numeric_value, question.numeric_unit))
        case _:  # short answer: the first accepted answer
            accepted = question.accepted_answers or [""]
            return Faces(prompt, False, str(accepted[0]))
