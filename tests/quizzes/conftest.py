from __future__ import annotations

import pytest

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Mode, Quiz, QuizItem, Rule


def curated(questions, mode=Mode.PRACTICE, slug="curated", **settings) -> Quiz:
    quiz = Quiz.objects.create(
        slug=slug, title="Curated", rule=Rule.CURATED, mode=mode, shuffle_questions=False, shuffle_choices=False,
        **settings,
    )  # fmt: skip
    QuizItem.objects.bulk_create(QuizItem(quiz=quiz, question=q, order=i) for i, q in enumerate(questions))
    return quiz


@pytest.fixture
def practice_quiz(six_types):
    return curated(six_types)


@pytest.fixture
def exam_quiz(six_types):
    return curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=10)


def right_answer(question) -> dict:
    """POST data that answers `question` correctly."""
    kind = question.type
    data = {"question": question.pk}
    if kind == QuestionType.SINGLE_CHOICE:
        data["choice"] = next(c.pk for c in question.choices.all() if c.is_correct)
    elif kind == QuestionType.MULTIPLE_RESPONSE:
        data["choices"] = [c.pk for c in question.choices.all() if c.is_correct]
    elif kind == QuestionType.TRUE_FALSE:
        data["answer"] = "true" if question.answer_bool else "false"
    elif kind == QuestionType.CLOZE:
        data["blank"] = ["２１１．９亿元"]
    elif kind == QuestionType.SHORT_ANSWER:
        data["text"] = "韓歆毅"
    else:
        data["text"] = "2119000万元"
    return data


def wrong_answer(question) -> dict:
    data = right_answer(question)
    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        data["choice"] = next(c.pk for c in question.choices.all() if not c.is_correct)
    elif kind == QuestionType.MULTIPLE_RESPONSE:
        data["choices"] = [next(c.pk for c in question.choices.all() if not c.is_correct)]
    elif kind == QuestionType.TRUE_FALSE:
        data["answer"] = "false" if question.answer_bool else "true"
    elif kind == QuestionType.CLOZE:
        data["blank"] = ["100亿元"]
    else:
        data["text"] = "12"
    return data
