"""Multiple-response suggestions (issue 13): the items a fact lists are the keys, items its article
lists elsewhere the wrong options; each item cut in whole words."""

from __future__ import annotations

import pytest

from quizapp.library.models import Fact, QuestionType
from quizapp.library.suggest import suggest
from quizapp.library.suggest.enumerations import listings


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        (
            "2014年起,支付寶率先與地方政府合作推進醫保電子支付、掛號繳費、疫苗預約、社保查詢等基礎政務服務的數字化",
            ("醫保電子支付", "掛號繳費", "疫苗預約", "社保查詢"),
        ),
        ("他把数字政企事业部分成了医疗、出行、民生这三个独立的业务部门。", ("医疗", "出行", "民生")),
        ("我们锚定蚂蚁的三大优势领域：生活服务、金融、健康，只不过用 AI 重新做一遍。", ("生活服务", "金融", "健康")),
        ("从快捷支付、到余额宝、刷脸支付、花呗等等。", ("快捷支付", "余额宝", "刷脸支付", "花呗")),
    ],
)
def test_an_enumeration_is_read_as_its_items(sentence, items):
    (found,) = listings(sentence)
    assert found.items == items
    assert sentence[found.start : found.end].startswith(items[0]) and items[-1] in sentence[found.start : found.end]


@pytest.mark.parametrize(
    "sentence",
    [
        "马云就定下了主基调:小额、分散、立足于创业型企业。",  # the last "item" is cut mid-phrase
        "负责支付、金融等核心业务。",  # two items are a pair, not a list to pick from
        "在医保支付的布局走上正轨后,支付宝切入醫、藥、險。",  # one-character items are not things to choose
    ],
)
def test_what_is_not_a_list_to_ask_about(sentence):
    assert listings(sentence) == []


def test_multiple_response_keys_are_the_listed_items_and_the_rest_are_listed_elsewhere(bank):
    facts = list(Fact.objects.with_source())
    made = [(f, s) for f in facts for s in suggest(f, facts) if s.group == "multiple"]
    assert len(made) >= 10
    assert any(s.prompt.startswith("選出括號處") for _, s in made)  # traditional articles in their script
    for fact, s in made:
        assert s.type == QuestionType.MULTIPLE_RESPONSE
        right = [c["text"] for c in s.choices if c["is_correct"]]
        wrong = [c["text"] for c in s.choices if not c["is_correct"]]
        assert len(right) >= 2 and len(wrong) >= 2
        assert all(item in fact.quote and item not in s.prompt for item in right)
        assert not any(item in fact.quote for item in wrong)
        assert "（　　）" in s.prompt


def test_accepting_a_multiple_response_suggestion_makes_that_draft(client, author, bank):
    fact = Fact.objects.with_source().get(quote__contains="醫保電子支付、掛號繳費")
    corpus = list(Fact.objects.with_source())
    (listed,) = [s for s in suggest(fact, corpus) if s.group == "multiple"]
    client.force_login(author)
    page = client.get(f"/admin/library/fact/{fact.pk}/change/").content.decode()
    assert "Multiple response" in page and listed.prompt in page
    response = client.post(f"/admin/library/fact/{fact.pk}/suggest/", {"key": listed.key})
    question = fact.questions.get(type=QuestionType.MULTIPLE_RESPONSE, prompt=listed.prompt)
    assert response["Location"].endswith(f"/question/{question.pk}/change/")
    assert sorted(question.choices.filter(is_correct=True).values_list("text", flat=True)) == sorted(
        ["醫保電子支付", "掛號繳費", "疫苗預約", "社保查詢"]
    )
    assert question.choices.filter(is_correct=False).count() >= 2 and question.status == "draft"
