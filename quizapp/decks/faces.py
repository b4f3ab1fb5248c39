"""A question as a flashcard: what the front shows and what the back reveals.

One place decides this for the study pages and for the Anki export, so a card reads the
same in the browser and on a phone. Plain text only; templates and the Anki writer escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from quizapp.library import reading
from quizapp.library.models import Question


class FaceChoice(NamedTuple):
    text: str
    correct: bool


@dataclass(slots=True)
class Faces:
    """What the card shows. The display forms of the prompt are computed when asked for: the
    Anki export (ten thousand notes at a time) needs only the answer and the choices."""

    question: Question
    answer: str  # the right answer in words, on the back
    choices: tuple[FaceChoice, ...] = ()

    @property
    def front(self) -> str:
        """The prompt as a learner sees it (cloze deletions blanked)."""
        return self.question.learner_prompt()

    @property
    def full_text(self) -> str:
        """The prompt with the answer in place (cloze revealed)."""
        return self.question.revealed_prompt()

    @property
    def parts(self) -> tuple[tuple[str, bool], ...]:
        """The revealed prompt in pieces, (text, is_answer), so the back can highlight the answers."""
        return reading.revealed_parts(self.question.prompt)


def faces(question: Question) -> Faces:
    """Needs question.choices prefetched (or is one query for choice questions)."""
    if question.type in Question.TYPES_WITH_CHOICES:
        # Read once: the export's hot loop would otherwise walk the prefetched choices twice.
        choices = tuple(FaceChoice(c.text, c.is_correct) for c in question.choices.all())
        return Faces(question, reading.joined(c.text for c in choices if c.correct), choices)
    return Faces(question, reading.expected_answer(question))
