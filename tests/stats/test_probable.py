"""Which wrong typed answers are probably right."""

from __future__ import annotations

import pytest

from quizapp.stats.probable import probable_reason


@pytest.mark.parametrize(
    ("expected", "given", "reason"),
    [
        ("211.9亿元", "211.9亿人民币", "unit"),  # the same amount, the unit spelt otherwise
        ("211.9亿元", "２１１．９", "bare"),  # without its unit, full width
        ("10亿", "10", "bare"),
        ("韩歆毅", "韩欣毅", "spelling"),  # one character off
        ("蚂蚁", "蚂蚁集团", "extent"),
        ("余额宝", "余额宝基金", "extent"),
    ],
)
def test_probably_right(expected, given, reason):
    assert probable_reason([expected], given) == reason


@pytest.mark.parametrize(
    ("expected", "given"),
    [
        ("211.9亿元", "211"),  # another number
        ("10亿", "100亿"),
        ("2023年", "2024年"),  # one character off, but it is the figure
        ("韩歆毅", "张三"),
        ("蚂蚁", "蚂蚁1"),  # extra digits are not a word more
        ("韩歆毅", ""),
    ],
)
def test_not_probably_right(expected, given):
    assert probable_reason([expected], given) is None


def test_any_accepted_answer_may_be_the_one_it_is_close_to():
    assert probable_reason(["支付宝", "韩歆毅"], "韩欣毅") == "spelling"
