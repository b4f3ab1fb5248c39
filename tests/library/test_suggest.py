"""Suggested questions (issue 13): word boundaries, figures with their units and kinds, true/false
both ways and never impossible, why/how from stated reasons, accepting once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizapp.library import cloze
from quizapp.library.models import Fact, Question
from quizapp.library.suggest import suggest, words
from quizapp.library.suggest.blanks import blank_span
from quizapp.library.suggest.figures import COUNT, DATE, DURATION, MONEY, SHARE, YEAR, figures
from quizapp.library.suggest.reasons import MEANS, WHAT_FOR, WHY, reasons


@pytest.mark.parametrize(
    ("sentence", "asked"),
    [
        ("加入 10 年、做了 4 年 CFO 的韩歆毅成为了蚂蚁集团总裁", "的韩歆"),
        ("3月1日,韩歆毅正式卸任 CEO 一职。", "一职"),
        ("董事长彭蕾发布了内部信", "彭蕾发"),
        ("他在 2014 年加入蚂蚁金服", "加入蚂"),
    ],
)
def test_a_blank_is_whole_words_or_nothing(sentence, asked):
    start = sentence.index(asked)
    span = blank_span(sentence, start, start + len(asked))
    if span is not None:
        assert {span[0], span[1]} <= words.boundaries(sentence)
        assert asked == "一职" or sentence[span[0] : span[1]] != asked  # widened to the whole word
    assert (
        {sentence.index("韩歆毅") + 1, sentence.index("韩歆毅") + 2}.isdisjoint(words.boundaries(sentence))
        if "韩歆毅" in sentence
        else True
    )


def test_a_name_is_never_cut():
    sentence = "2024 年 3 月，加入 10 年、做了 4 年 CFO 的韩歆毅成为了蚂蚁集团总裁"
    found = words.names(sentence, {"韩歆毅": words.PERSON})
    assert [n.word for n in found] == ["韩歆毅"]


@pytest.mark.parametrize("sentence", ["張俊杰還透露，短期內追求兩個目標", "支付宝副总裁张俊杰说"])
def test_a_surname_jieba_reads_as_a_measure_word_stays_with_its_name(sentence):
    start = sentence.index("俊杰") - 1
    assert {start + 1, start + 2}.isdisjoint(words.boundaries(sentence))
    body = f"{sentence}。{sentence}。"
    assert words.article_names(body, frozenset()) == {sentence[start : start + 3]: words.PERSON}
    assert [t.word for t in words.tokens("桌上放着一张桌布")].count("张桌") == 0  # a measure word stays one


def test_a_sort_of_organisation_is_not_a_name():
    body = "多家上市公司发布了财报。上市公司的估值下降。子公司也一样，子公司。"
    assert words.article_names(body, frozenset()) == {}


@pytest.mark.parametrize(
    ("text", "figure", "kind", "base", "amount"),
    [
        ("计划投入3000亿人民币", "3000亿人民币", MONEY, "CNY", Decimal("3e11")),
        ("服务了30万人次", "30万人次", COUNT, "人次", Decimal("3e5")),
        ("用了 9 个月", "9 个月", DURATION, "月", Decimal(9)),
        ("卖出2800辆", "2800辆", COUNT, "辆", Decimal(2800)),
        ("覆蓋12億人", "12億人", COUNT, "人", Decimal("1.2e9")),
        ("服務7萬家企業", "7萬家", COUNT, "家", Decimal("7e4")),
        ("加入 10 年", "10 年", DURATION, "年", Decimal(10)),
        ("生于 1977 年", "1977 年", YEAR, "", Decimal(1977)),
        ("占比 14%", "14%", SHARE, "%", Decimal(14)),
        ("做了十年投行", "十年", DURATION, "年", Decimal(10)),
    ],
)
def test_figures_have_their_unit_and_kind(text, figure, kind, base, amount):
    (f,) = figures(text)
    assert (f.text, f.kind, f.base, f.amount) == (figure, kind, base, amount)


def test_ranges_and_dates_without_a_year():
    share, people = figures("佣金占保费高达20%-30%，团队约10-15人")
    assert (share.kind, share.value, share.high) == (SHARE, 20, 30)
    assert (people.kind, people.base, people.value, people.high) == (COUNT, "人", 10, 15)
    (day,) = figures("6月13日，蚂蚁集团发布了报告")
    assert (day.kind, day.base, day.month, day.day, day.value) == (DATE, "md", 6, 13, 0)
    (month,) = figures("2024 年 3 月，韩歆毅成为总裁")
    assert (month.kind, month.base, month.value, month.month) == (DATE, "ym", 2024, 3)


def test_impossible_values_are_recognised():
    (over,) = figures("增长了160%")
    (reversed_range,) = figures("占40%-30%")
    (later,) = figures("2026年3月")
    (fine,) = figures("2023年3月")
    latest = (2024, 6, 18)
    assert not over.possible(latest) and not reversed_range.possible(latest) and not later.possible(latest)
    assert fine.possible(latest)


def test_reasons_and_purposes_are_read_from_the_sentence():
    (because,) = reasons("由于蚂蚁集团目前没有上市，这一份报告是外界观察蚂蚁战略最重要的窗口。")
    assert (because.relation, because.reason) == (WHY, "蚂蚁集团目前没有上市")
    (purpose,) = reasons("為了強化三個板塊的獨立性，支付寶拆分了數字政企事業部。")
    assert (purpose.relation, purpose.reason) == (WHAT_FOR, "強化三個板塊的獨立性")


@pytest.mark.parametrize(
    ("sentence", "previous", "relation", "event", "reason"),
    [
        ("某种程度上，阿福期待竞争，因为健康意识的需求激发，绝非一日之功。", "", WHY, "阿福期待竞争",
         "健康意识的需求激发，绝非一日之功"),
        ("因为医疗不仅是专业判断，还涉及经济基础。", "诊疗的主理人，一定是医生。", WHY, "诊疗的主理人，一定是医生",
         "医疗不仅是专业判断，还涉及经济基础"),
        ("这样做的目的是一次强化这三个板块的独立性。", "他把数字政企事业部分成了医疗、出行、民生这三个部门。", WHAT_FOR,
         "他把数字政企事业部分成了医疗、出行、民生这三个部门", "一次强化这三个板块的独立性"),
        ("蚂蚁之所以坚定“AI优先”，一方面是因为蚂蚁的技术积累和场景优势。", "", WHY, "蚂蚁之所以坚定“AI优先”",
         "蚂蚁的技术积累和场景优势"),
        ("但过去两年,这样的争议也在逐渐缓解,一个重要的原因是,蚂蚁变得更加开放了。", "", WHY,
         "这样的争议也在逐渐缓解", "蚂蚁变得更加开放了"),
        ("下重注在区块链上,意味着革自己的命。", "", MEANS, "下重注在区块链上", "革自己的命"),
    ],
)  # fmt: skip
def test_reasons_are_whole_clauses_and_a_pointing_back_sentence_reads_the_one_before(
    sentence, previous, relation, event, reason
):
    (found,) = reasons(sentence, previous)
    assert (found.relation, found.event, found.reason) == (relation, event, reason)
    assert found.event in sentence + previous and found.reason in sentence + previous


def test_a_question_or_an_example_is_not_a_reason():
    assert reasons("因为直接切入健康，你跟其他 AI 助手有什么差别？") == []
    assert reasons("所以要纠结投多少钱去做。", "用户为什么愿意来支付宝看短视频？") == []


@pytest.fixture
def esg_suggestions(bank):
    facts = list(Fact.objects.with_source())
    esg = [f for f in facts if f.article.source_file == "002_aec1c1457b9d3803.txt"]
    return {fact: suggest(fact, facts) for fact in esg}


def test_every_fact_gets_a_suggestion_and_true_false_goes_both_ways(esg_suggestions):
    assert all(esg_suggestions.values())
    truths = [s.answer_bool for made in esg_suggestions.values() for s in made if s.type == "true_false"]
    assert truths.count(True) and truths.count(False)
    for fact, made in esg_suggestions.items():
        for s in made:
            if s.answer_bool is False:
                assert all(f.possible((2024, 6, 18)) for f in figures(s.prompt))
                assert s.prompt not in (fact.quote, fact.restatement)


def test_clozes_are_short_and_give_nothing_away(esg_suggestions):
    for fact, made in esg_suggestions.items():
        for s in made:
            if s.type == "cloze":
                (deletion,) = cloze.deletions(s.prompt)
                sentence = cloze.DELETION.sub(lambda m: m[2], s.prompt)
                assert sentence in fact.quote and deletion.answer not in cloze.DELETION.sub("", s.prompt)


def test_distractors_are_of_the_same_kind_and_differ_between_facts(esg_suggestions):
    sets = []
    for made in esg_suggestions.values():
        for s in made:
            if s.group == "choice" and s.label not in ("name",):
                kinds = {tuple((f.kind, f.base) for f in figures(c["text"])) for c in s.choices}
                assert len(kinds) == 1, s.choices
                sets.append(frozenset(c["text"] for c in s.choices if not c["is_correct"]))
    assert sets and len(set(sets)) == len(sets)


def test_no_two_facts_share_a_distractor_set_whichever_is_asked_first(bank):
    facts = list(Fact.objects.with_source())
    last = max(facts, key=lambda f: (f.article_id, f.start))
    alone = suggest(last, facts)  # asked before any other: it still avoids the sets of those before it
    owners: dict[frozenset, set[int]] = {}
    for fact in facts:
        for s in suggest(fact, facts):
            if s.choices:
                owners.setdefault(frozenset(c["text"] for c in s.choices if not c["is_correct"]), set()).add(fact.pk)
    assert owners and all(len(pks) == 1 and len(wrong) >= 2 for wrong, pks in owners.items())
    assert [s.key for s in alone] == [s.key for s in suggest(last, facts)]


def test_traditional_article_keeps_its_quote(bank):
    fact = Fact.objects.with_source().filter(article__source_file__startswith="004").first()
    for s in suggest(fact, []):
        if s.type in ("cloze", "true_false") and s.answer_bool is not False:
            text = cloze.DELETION.sub(lambda m: m[2], s.prompt)
            assert text in fact.quote or text == fact.restatement.strip()
        if s.group == "choice":
            assert s.prompt.startswith("選出填入括號的一項")  # our own words in traditional script too


def test_accepting_twice_opens_the_same_draft_and_marks_it(client, author, bank):
    fact = Fact.objects.with_source().get(quote__contains="211.9亿元")
    corpus = list(Fact.objects.with_source().exclude(pk=fact.pk))
    numeric = next(s for s in suggest(fact, corpus) if s.type == "numeric")
    before = Question.objects.filter(fact=fact).count()
    client.force_login(author)
    first = client.post(f"/admin/library/fact/{fact.pk}/suggest/", {"key": numeric.key})
    second = client.post(f"/admin/library/fact/{fact.pk}/suggest/", {"key": numeric.key})
    assert first["Location"] == second["Location"]
    assert Question.objects.filter(fact=fact).count() == before + 1
    page = client.get(f"/admin/library/fact/{fact.pk}/change/").content.decode()
    assert "✓ Accepted" in page and page.index("Numeric") < page.index("True / false")


def test_why_suggestions_key_the_stated_reason_and_draw_the_rest_from_elsewhere(bank):
    facts = list(Fact.objects.with_source())
    made = [(f, s) for f in facts for s in suggest(f, facts) if s.group == "why"]
    assert len(made) >= 20  # of the 33 facts that state a reason (it was 10 with whole-sentence patterns)
    for fact, s in made:
        (right,) = [c["text"] for c in s.choices if c["is_correct"]]
        wrong = [c["text"] for c in s.choices if not c["is_correct"]]
        assert right in fact.quote and len(wrong) >= 2 and not any(w in fact.quote for w in wrong)
        assert s.tags == ["reasons"] and right not in s.prompt
