"""The answer-vs-fact check, the lint of learner-facing text and the why/how share (quizapp/library/checks.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from quizapp.library.checks import (
    answer_problems,
    blocked,
    internal_references,
    learner_text_problems,
    why_how_share,
)
from quizapp.library.models import Question, QuestionType
from quizapp.library.validation import ChoiceData
from tests.factories import make_article, make_fact, make_question

TREES = "蚂蚁森林的用户在荒漠化地区种下了1亿棵树，2019年获得联合国地球卫士奖。"


def numeric(value, unit="", tolerance=None, quote=TREES, restatement=""):
    return answer_problems(
        type=QuestionType.NUMERIC,
        prompt="?",
        quote=quote,
        restatement=restatement,
        numeric_value=Decimal(str(value)),
        numeric_unit=unit,
        numeric_tolerance=None if tolerance is None else Decimal(str(tolerance)),
    )


@pytest.mark.parametrize(
    ("value", "unit", "quote"),
    [
        (1, "亿棵", TREES),
        (10000, "万棵", TREES),  # converted: 1亿 = 10000万
        (100000000, "棵", TREES),
        (1, "亿棵", "螞蟻森林種下了1億棵樹"),  # traditional 億
        (2019, "年", TREES),
        (14, "%", "营收同比增长百分之十四"),
        (14, "%", "营收同比增长１４％"),  # full width
        (10, "年", "蚂蚁用了十年时间"),
        (211.9, "亿元", "研发投入高达2,119,000万元"),
        (-0.48, "%", "招商银行股价下跌0.48%"),
        (0.48, "%", "股价-0.48%"),
    ],
)
def test_a_numeric_answer_stated_in_the_fact_passes(value, unit, quote):
    assert numeric(value, unit, quote=quote) == []


def test_a_numeric_answer_not_in_the_fact_is_a_problem_naming_the_value():
    assert numeric(1, "亿棵") == []
    [problem] = numeric(999, "亿棵")
    assert "999亿棵" in problem and "not a figure" in problem
    assert numeric(2, "亿棵") != []
    assert numeric(1, "万棵") != []  # 1万 is not 1亿


def test_tolerance_and_restatement_count():
    assert numeric(211.88, "亿元", tolerance=0.05, quote="研发投入211.9亿元") == []
    assert numeric(211.88, "亿元", quote="研发投入211.9亿元") != []
    assert numeric(3, "亿", quote="无关的句子", restatement="用户达3亿") == []


def cloze(prompt: str, quote: str, restatement: str = "") -> list[str]:
    return answer_problems(type=QuestionType.CLOZE, prompt=prompt, quote=quote, restatement=restatement)


def test_cloze_blanks_must_be_in_the_fact_whatever_script_width_or_numerals():
    assert cloze("{{c1::蚂蚁森林}}种下了{{c2::1亿}}棵树", "螞蟻森林種下了1億棵樹") == []
    assert cloze("研发人员超过{{c1::1万}}", "研发人员超过一万人") == []
    assert cloze("{{c1::ＡＩ}}诊室", "推出AI诊室") == []
    [problem] = cloze("{{c1::蚂蚁森林}}种下了{{c2::2亿}}棵树", TREES)
    assert "c2" in problem and "2亿" in problem


def test_only_the_first_accepted_short_answer_must_be_in_the_fact():
    def short(*accepted):
        return answer_problems(type=QuestionType.SHORT_ANSWER, prompt="?", quote=TREES, accepted_answers=accepted)

    assert short("地球卫士奖", "地球卫士") == []
    [problem] = short("绿色奖", "地球卫士奖")
    assert "绿色奖" in problem


def test_correct_choices_must_be_in_the_fact_or_share_most_of_its_wording():
    def choices(*choices):
        return answer_problems(type=QuestionType.MULTIPLE_RESPONSE, prompt="?", quote=TREES, choices=choices)

    paraphrase = ChoiceData("在荒漠化地区种了一亿棵树", True)
    assert choices(paraphrase, ChoiceData("开了一家银行", False)) == []  # wrong choices are not checked
    [problem] = choices(paraphrase, ChoiceData("获得诺贝尔和平奖", True))
    assert "诺贝尔和平奖" in problem


def test_true_false_is_not_checked():
    assert answer_problems(type=QuestionType.TRUE_FALSE, prompt="蚂蚁种了999亿棵树", quote=TREES) == []


def test_blocked_lists_questions_outside_their_fact_unless_a_reason_overrides(db):
    fact = make_fact(make_article("用户在荒漠化地区种下了1亿棵树。"), quote="种下了1亿棵树")
    right = make_question(fact, QuestionType.NUMERIC, numeric_value=1, numeric_unit="亿棵")
    wrong = make_question(fact, QuestionType.NUMERIC, numeric_value=999, numeric_unit="亿棵")
    excused = make_question(
        fact,
        QuestionType.NUMERIC,
        numeric_value=2,
        numeric_unit="亿棵",
        check_override="另一段说又种了1亿棵，合计2亿。",
    )
    found = blocked(Question.objects.filter(pk__in=[right.pk, wrong.pk, excused.pk]))
    assert list(found) == [wrong] and "999" in found[wrong][0]


@pytest.mark.parametrize(
    "text",
    ["详见000号专访", "002/003/004号文章都提到", "据 003 号专访", "见 article 003", "本题库另一篇文章", "文章004说"],
)
def test_internal_file_numbers_are_found(text):
    assert internal_references(text)


@pytest.mark.parametrize("text", ["蚂蚁金服1号位", "挂号、医保码", "2023年", "另一篇报道《独家专访》", "用户超过100万"])
def test_ordinary_text_is_not_an_internal_reference(text):
    assert internal_references(text) == []


def test_learner_text_problems_name_the_field():
    [problem] = learner_text_problems(
        prompt="谁?", explanation="正确。", choices=[ChoiceData("韩歆毅", True, "见002号文章")]
    )
    assert "Choice 1's feedback" in problem and "002号" in problem


def test_why_how_share_counts_published_questions_tagged_reasons():
    rows = [("published", ["reasons"]), ("published", ["figures"]), ("draft", ["reasons"]), ("review", [])]
    assert why_how_share(rows) == (1, 2)


def test_problems_speak_the_interface_language():
    with translation.override("zh-hans"):
        [problem] = numeric(999, "亿棵")
        [lint] = learner_text_problems(prompt="见000号专访", explanation="")
    assert problem == "答案 999亿棵 不是事实原文或转述中的数字。"
    assert lint == "题干引用了内部文件编号“000号”；请改用文章标题。"
