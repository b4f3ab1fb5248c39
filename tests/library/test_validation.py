from __future__ import annotations

from decimal import Decimal

import pytest

from quizapp.library import cloze
from quizapp.library.validation import ChoiceData, question_problems

RIGHT, WRONG = ChoiceData("对", True), ChoiceData("错", False)


def problems(**kw):
    return question_problems(**{"prompt": "问题？", "explanation": "因为……", **kw})


def flat(found):
    return " ".join(m for ms in found.values() for m in ms)


def test_good_questions_of_every_type_pass():
    assert problems(type="single_choice", choices=[RIGHT, WRONG, ChoiceData("不知道", False)]) == {}
    assert problems(type="multiple_response", choices=[RIGHT, ChoiceData("也对", True), WRONG]) == {}
    assert problems(type="true_false", answer_bool=False) == {}
    assert problems(type="cloze", prompt="{{c1::韩歆毅}}于{{c2::2025年3月}}接任CEO") == {}
    assert problems(type="short_answer", accepted_answers=["余额宝"]) == {}
    assert problems(type="numeric", numeric_value=Decimal("211.9"), numeric_tolerance=Decimal(0)) == {}


@pytest.mark.parametrize(
    ("kw", "field", "says"),
    [
        (
            {"type": "single_choice", "choices": [RIGHT, ChoiceData("也对", True), WRONG]},
            "choices",
            "exactly one correct",
        ),
        ({"type": "single_choice", "choices": [RIGHT, WRONG]}, "choices", "at least two wrong"),
        ({"type": "single_choice", "choices": [RIGHT, WRONG, ChoiceData("错", False)]}, "choices", "same text"),
        ({"type": "single_choice", "choices": [RIGHT, WRONG, ChoiceData(" ", False)]}, "choices", "needs text"),
        (
            {"type": "multiple_response", "choices": [WRONG, ChoiceData("b", False), ChoiceData("c", False)]},
            "choices",
            "at least one correct",
        ),  # noqa: E501
        (
            {"type": "multiple_response", "choices": [RIGHT, ChoiceData("b", True), ChoiceData("c", True)]},
            "choices",
            "at least one wrong",
        ),  # noqa: E501
        ({"type": "multiple_response", "choices": [RIGHT, WRONG]}, "choices", "at least three"),
        ({"type": "true_false", "answer_bool": None}, "answer_bool", "true or false"),
        ({"type": "true_false", "answer_bool": True, "choices": [RIGHT]}, "choices", "takes no choices"),
        ({"type": "cloze", "prompt": "没有挖空的句子"}, "prompt", "needs at least one deletion"),
        ({"type": "cloze", "prompt": "{{c1::}}空的"}, "prompt", "empty"),
        ({"type": "cloze", "prompt": "{{c1::a}} {{c3::b}}"}, "prompt", "without gaps"),
        ({"type": "cloze", "prompt": "{{c1::a}} {{c2:b}}"}, "prompt", "malformed"),
        ({"type": "short_answer", "accepted_answers": [" "]}, "accepted_answers", "at least one accepted"),
        ({"type": "numeric", "numeric_value": None}, "numeric_value", "numeric answer"),
        (
            {"type": "numeric", "numeric_value": Decimal(1), "numeric_tolerance": Decimal(-1)},
            "numeric_tolerance",
            "negative",
        ),  # noqa: E501
        ({"type": "essay"}, "type", "Unknown question type"),
        ({"type": "true_false", "answer_bool": True, "prompt": " "}, "prompt", "Write the prompt"),
        ({"type": "true_false", "answer_bool": True, "explanation": ""}, "explanation", "explanation"),
    ],
)
def test_each_rule_names_what_to_fix(kw, field, says):
    found = problems(**kw)
    assert field in found, found
    assert says in flat(found)


def test_cloze_helpers():
    prompt = "{{c1::韩歆毅}}于{{c2::2025年3月::时间}}接任CEO，{{c1::韩歆毅}}此前是总裁"
    assert cloze.answers(prompt) == ["韩歆毅", "2025年3月"]
    assert cloze.blanked(prompt) == "［＿＿＿］于［时间］接任CEO，［＿＿＿］此前是总裁"
    assert cloze.revealed(prompt) == "韩歆毅于2025年3月接任CEO，韩歆毅此前是总裁"
