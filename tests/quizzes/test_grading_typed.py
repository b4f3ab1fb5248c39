"""Grading typed answers: short answers, cloze blanks and numbers, fairly to Chinese input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.quizzes.grading import Grade, UngradableQuestion, grade
from tests.factories import make_question
from tests.quizzes.grading_helpers import CLOZE_PROMPT, english, graded, ids  # noqa: F401 (english: autouse)

# ---------------------------------------------------------------- short answer


def short(**overrides) -> Question:
    return make_question(type=QuestionType.SHORT_ANSWER, **overrides)


@pytest.mark.parametrize("typed", ["韩歆毅", " 韩 歆 毅 ", "“韩歆毅”。", "《韩歆毅》"])
def test_short_answer_ignores_spacing_and_punctuation(db, typed):
    assert grade(short(), typed) == Grade(correct=True, score=1.0)


def test_short_answer_in_traditional_script_matches_a_simplified_accepted_answer(db):
    assert graded(short(), "韓歆毅") == (True, 1.0, "Matched across simplified/traditional script.")


def test_short_answer_notes_script_folding_only_when_no_accepted_answer_is_in_the_typed_script(db):
    question = short(accepted_answers=["韓歆毅", "韩歆毅"])
    assert grade(question, "韩歆毅") == Grade(correct=True, score=1.0)


def test_short_answer_in_simplified_script_matches_a_traditional_accepted_answer(db):
    question = short(accepted_answers=["一體化的醫療服務平臺"])
    assert grade(question, "一体化的医疗服务平台").correct


def test_short_answer_ignores_width_and_case(db):
    question = short(accepted_answers=["Ant Group"])
    assert grade(question, "ＡＮＴ　ｇｒｏｕｐ") == Grade(correct=True, score=1.0)


def test_short_answer_matches_any_accepted_answer(db):
    question = short(accepted_answers=["清华大学", "清华", "Tsinghua University"])
    assert grade(question, "tsinghua university") == Grade(correct=True, score=1.0)


@pytest.mark.parametrize("typed", ["韩歆", "井贤栋", "韩歆毅毅"])
def test_short_answer_different_text_is_wrong(db, typed):
    assert grade(short(), typed) == Grade(correct=False, score=0.0)


@pytest.mark.parametrize("typed", ["", "   ", "。", None])
def test_short_answer_empty_is_wrong(db, typed):
    assert not grade(short(), typed).correct


def test_short_answer_of_punctuation_alone_still_needs_that_punctuation(db):
    question = short(accepted_answers=["——"])
    assert grade(question, "——").correct
    assert not grade(question, "").correct


def test_short_answer_without_accepted_answers_is_ungradable(db):
    with pytest.raises(UngradableQuestion):
        grade(short(accepted_answers=["  "]), "韩歆毅")


def test_short_answer_response_that_is_not_text_is_type_error(db):
    with pytest.raises(TypeError):
        grade(short(), ["韩歆毅"])


# ---------------------------------------------------------------- cloze


def blanks(prompt: str = CLOZE_PROMPT) -> Question:
    return make_question(type=QuestionType.CLOZE, prompt=prompt)


def test_cloze_all_blanks_right_is_correct(db):
    assert grade(blanks(), ["韩歆毅", "2025年3月"]) == Grade(correct=True, score=1.0)


def test_cloze_answers_in_traditional_script_and_full_width_digits_are_right(db):
    result = graded(blanks(), ["韓歆毅", "２０２５年３月"])
    assert result == (True, 1.0, "Matched across simplified/traditional script.")


def test_cloze_is_all_or_nothing_by_default(db):
    assert graded(blanks(), ["韩歆毅", "2024年3月"]) == (False, 0.0, "1 of 2 blanks right.")


def test_cloze_partial_credit_scores_the_fraction_of_blanks_right(db):
    question = blanks("{{c1::韩歆毅}}于{{c2::2025年3月}}接任{{c3::CEO}}")
    result = graded(question, ["韩歆毅", "2024年3月", "ceo"], partial_credit=True)
    assert result == (False, pytest.approx(2 / 3), "2 of 3 blanks right.")


@pytest.mark.parametrize("response", [[], ["", ""], None, ["韩歆毅"]])
def test_cloze_empty_or_missing_blanks_are_wrong(db, response):
    result = grade(blanks(), response, partial_credit=True)
    assert not result.correct
    assert result.score == (0.5 if response == ["韩歆毅"] else 0.0)


def test_cloze_more_answers_than_blanks_is_value_error(db):
    with pytest.raises(ValueError, match="3 answers for 2 blanks"):
        grade(blanks(), ["韩歆毅", "2025年3月", "CEO"])


def test_cloze_blank_accepts_its_alternatives_and_only_its_own(db):
    question = make_question(
        type=QuestionType.CLOZE,
        prompt="用户规模{{c1::翻番}}，突破{{c2::10}}亿",
        accepted_answers=["c1::翻倍", "c1::翻一番", "c1::双倍"],
    )
    assert grade(question, ["翻倍", "10"]).correct
    assert graded(question, ["翻一番", "十"]) == (True, 1.0, "")
    assert graded(question, ["翻番", "翻倍"], partial_credit=True) == (False, 0.5, "1 of 2 blanks right.")
    # An alternative folds scripts like the deletion's own text.
    assert graded(question, ["雙倍", "10"]) == (True, 1.0, "Matched across simplified/traditional script.")


def test_cloze_repeated_deletion_number_is_one_blank(db):
    question = blanks("{{c1::蚂蚁}}集团与{{c1::蚂蚁}}森林")
    assert cloze.answers(question.prompt) == ["蚂蚁"]
    assert grade(question, ["螞蟻"]).correct


@pytest.mark.parametrize(
    ("deletion", "typed", "correct"),
    [
        ("4000万", "四千万", True),
        ("4000万", "40,000,000", True),
        ("4000万", "4,000 万", True),
        ("4000万", "4000", False),  # four thousand is not forty million
        ("211.9亿元", "211.9 亿元", True),
        ("211.9亿元", "2119000万元", True),
        ("211.9亿元", "2119亿元", False),  # the decimal point counts
        ("十年", "10年", True),
        ("两", "2", True),
        ("五", "５", True),
        ("-5", "5", False),
        ("一站式", "一", False),  # a word that starts with a numeral is still a word
        ("千问", "1000", False),
    ],
)
def test_cloze_amounts_compare_as_numbers(db, deletion, typed, correct):
    question = blanks(f"用户超过{{{{c1::{deletion}}}}}。")
    assert grade(question, [typed]).correct is correct


@pytest.mark.parametrize("response", ["韩歆毅 2025年3月", [1, 2]])
def test_cloze_response_that_is_not_a_list_of_text_is_type_error(db, response):
    with pytest.raises(TypeError):
        grade(blanks(), response)


def test_cloze_without_deletions_is_ungradable(db):
    with pytest.raises(UngradableQuestion):
        grade(blanks("没有挖空"), [])


# ---------------------------------------------------------------- numeric


def numeric(**overrides) -> Question:
    question = make_question(type=QuestionType.NUMERIC, **overrides)
    question.refresh_from_db()  # the stored Decimal, e.g. 211.900000, as the views will see it
    return question


@pytest.mark.parametrize(
    "typed",
    ["211.9", "211.9亿元", "211.9亿", "２１１．９", "２１１．９億元", "2119000万元", "约 211.9 亿元", "211.90"],
)
def test_numeric_accepts_the_answer_however_it_is_written(db, typed):
    assert grade(numeric(), typed) == Grade(correct=True, score=1.0)


@pytest.mark.parametrize("typed", ["211.8", "212", "212.0亿元", "2120000万"])
def test_numeric_tolerance_boundary_is_inclusive(db, typed):
    assert graded(numeric(), typed) == (True, 1.0, "Within the accepted margin of ±0.1亿元.")


@pytest.mark.parametrize(("typed", "read_as"), [("211.79", "211.79亿元"), ("212.01", "212.01亿元")])
def test_numeric_just_outside_the_tolerance_is_wrong(db, typed, read_as):
    assert graded(numeric(), typed) == (False, 0.0, f"Read as {read_as}.")


def test_numeric_wrong_magnitude_is_wrong_and_says_how_it_was_read(db):
    assert graded(numeric(), "211.9万元")[2] == "Read as 0.02119亿元."
    # 21190000万 is 2119亿: ten times the answer.
    assert graded(numeric(), "21190000万元") == (False, 0.0, "Read as 2119亿元.")


@pytest.mark.parametrize("typed", ["211,9", "211.9亿美元", "211.9美元", "", "   ", None, "不知道", "NaN"])
def test_numeric_unreadable_or_in_another_base_unit_is_wrong(db, typed):
    note = "Answer with a number in 亿元; 万 and 亿 are converted."
    assert graded(numeric(), typed) == (False, 0.0, note)


def test_numeric_without_a_unit_asks_for_a_number(db):
    question = numeric(numeric_value=Decimal(31), numeric_tolerance=Decimal(0), numeric_unit="")
    assert grade(question, "三十一").correct
    assert graded(question, "abc")[2] == "Answer with a number."


@pytest.mark.parametrize(("typed", "correct"), [("14%", True), ("百分之十四", True), ("14", True), ("0.14", False)])
def test_numeric_percent(db, typed, correct):
    question = numeric(numeric_value=Decimal(14), numeric_tolerance=Decimal(0), numeric_unit="%")
    assert grade(question, typed).correct is correct


@pytest.mark.parametrize(
    ("typed", "correct"), [("3000万", True), ("三千万", True), ("3000", True), ("3000万人", True), ("30000000", False)]
)
def test_numeric_in_a_unit_of_magnitude_alone(db, typed, correct):
    question = numeric(numeric_value=Decimal(3000), numeric_tolerance=Decimal(0), numeric_unit="万")
    assert grade(question, typed).correct is correct


@pytest.mark.parametrize("typed", ["12億人", "12亿人", "12亿", "十二"])
def test_numeric_unit_in_traditional_script(db, typed):
    question = numeric(numeric_value=Decimal(12), numeric_tolerance=Decimal(0), numeric_unit="億人")
    assert grade(question, typed).correct


def test_numeric_exact_answer_with_zero_tolerance(db):
    question = numeric(numeric_value=Decimal(2024), numeric_tolerance=Decimal(0), numeric_unit="年")
    assert grade(question, "2024年") == Grade(correct=True, score=1.0)
    assert grade(question, "二〇二四").correct
    assert not grade(question, "2023").correct


@pytest.mark.parametrize("typed", [Decimal("211.9"), 212])
def test_numeric_accepts_a_number_already_parsed(db, typed):
    assert grade(numeric(), typed).correct


def test_numeric_response_of_another_shape_is_type_error(db):
    with pytest.raises(TypeError):
        grade(numeric(), [211.9])


def test_numeric_without_a_value_is_ungradable(db):
    with pytest.raises(UngradableQuestion):
        grade(make_question(type=QuestionType.NUMERIC, numeric_value=None), "211.9")
