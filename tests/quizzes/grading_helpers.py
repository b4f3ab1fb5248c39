"""What the grading tests share: the notes in English, a grade as (right, score, note), choice ids."""

from __future__ import annotations

import pytest
from django.utils import translation

from quizapp.library.models import Question
from quizapp.quizzes.grading import grade, note_text

CLOZE_PROMPT = "{{c1::韩歆毅}}于{{c2::2025年3月}}接任CEO"


@pytest.fixture(autouse=True)
def english():
    # Notes are translatable; assert on the source strings whatever the default language.
    with translation.override("en"):
        yield


def graded(question: Question, response, **options) -> tuple[bool, float, str]:
    """Right or not, the score, and the note in words."""
    result = grade(question, response, **options)
    return result.correct, result.score, note_text(result.note)


def ids(question: Question) -> list[int]:
    """Choice ids in stored order: the factory marks A (single choice) or A and B (multiple) correct."""
    return [c.pk for c in question.choices.all()]
