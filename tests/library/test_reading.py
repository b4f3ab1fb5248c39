"""How a question reads, from its one home: the right answer, a response, 对/错, numbers, cloze pieces."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from quizapp.decks.faces import faces
from quizapp.library import reading
from quizapp.library.models import QuestionType
from quizapp.library.templatetags import quiz_display
from tests.factories import make_question

EXPECTED = {
    QuestionType.SINGLE_CHOICE: "211.9亿元",
    QuestionType.MULTIPLE_RESPONSE: "211.9亿元 / 200亿元",
    QuestionType.TRUE_FALSE: "对",
    QuestionType.CLOZE: "211.9亿元",
    QuestionType.SHORT_ANSWER: "韩歆毅",
    QuestionType.NUMERIC: "211.9亿元",
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_the_right_answer_reads_the_same_in_feedback_filters_and_flashcards(db, kind):
    question = make_question(type=kind)
    assert reading.expected_answer(question) == EXPECTED[kind]
    assert quiz_display.expected_answer(question) == EXPECTED[kind]
    assert faces(question).answer == EXPECTED[kind]


def test_a_short_answer_shows_every_accepted_answer(db):
    question = make_question(type=QuestionType.SHORT_ANSWER, accepted_answers=["清华大学", " ", "Tsinghua University"])
    assert reading.expected_answer(question) == "清华大学 / Tsinghua University"
    assert faces(question).answer == "清华大学 / Tsinghua University"


def test_a_false_statement_reads_错_and_a_missing_answer_a_dash(db):
    assert reading.expected_answer(make_question(type=QuestionType.TRUE_FALSE, answer_bool=False)) == "错"
    assert reading.expected_answer(make_question(type=QuestionType.TRUE_FALSE, answer_bool=None)) == "—"


@pytest.mark.parametrize(
    ("kind", "response", "text"),
    [
        (QuestionType.TRUE_FALSE, True, "对"),
        (QuestionType.TRUE_FALSE, False, "错"),
        (QuestionType.CLOZE, ["211.9", "新高"], "211.9 / 新高"),
        (QuestionType.NUMERIC, "２１１．９亿", "２１１．９亿"),
        (QuestionType.SHORT_ANSWER, None, "—"),
    ],
)
def test_a_response_in_words(db, kind, response, text):
    assert reading.response_text(make_question(type=kind), response) == text


def test_picked_choices_read_as_their_texts_in_stored_order(db):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    first, _, third, _ = [c.pk for c in question.choices.all()]
    assert reading.response_text(question, [third, first]) == "211.9亿元 / 150亿元"
    assert reading.response_text(question, first) == "211.9亿元"


@pytest.mark.parametrize(("language", "labels"), [("en", ["True · 对", "False · 错"]), ("zh-hans", ["对", "错"])])
def test_true_false_options_say_对_and_错_once(language, labels):
    with translation.override(language):
        assert [label for _, label in reading.truth_choices()] == labels


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(Decimal("211.900000"), "亿元", "211.9亿元"), (Decimal("12"), " % ", "12%"), (Decimal("3.5"), "km", "3.5 km")],
)
def test_one_number_format(value, unit, text):
    assert reading.format_number(value, unit) == text


def test_cloze_pieces_for_the_form_and_for_the_revealed_back():
    prompt = "{{c1::韩歆毅}}于{{c2::2025年3月::何时}}接任，{{c1::韩歆毅}}此前任CFO"
    assert reading.cloze_segments(prompt) == [
        {"blank": 1, "hint": ""},
        {"text": "于"},
        {"blank": 2, "hint": "何时"},
        {"text": "接任，"},
        {"text": reading.BLANK},
        {"text": "此前任CFO"},
    ]
    assert reading.revealed_parts(prompt) == (
        ("韩歆毅", True), ("于", False), ("2025年3月", True), ("接任，", False), ("韩歆毅", True), ("此前任CFO", False)
    )  # fmt: skip


def test_a_gloss_that_says_the_same_is_not_repeated():
    assert reading.glossed("对还是错？", "对还是错？") == "对还是错？"
    assert reading.glossed("True or false?", "对还是错？") == "True or false? · 对还是错？"
