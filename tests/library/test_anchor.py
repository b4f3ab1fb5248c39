"""Fact.anchor: the one rule for placing a quote in its article (admin form, API and factories use it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from quizapp.library.models import Drift, Fact
from tests.factories import make_article, make_fact

# "研发" occurs three times: twice in paragraph 1, once in paragraph 2.
BODY = "第一段：研发投入211.9亿元，研发人员超过一万。\n\n第二段：研发成果丰硕。\n\n第三段：用户超过10亿。"


def errors(fact: Fact, quote: str, occurrence: int | None = None, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        fact.anchor(quote, occurrence, **kwargs)
    return caught.value.message_dict


def spans(body: str, text: str) -> list[int]:
    return [i for i in range(len(body)) if body.startswith(text, i)]


def test_anchor_sets_quote_offsets_and_paragraph_forgiving_whitespace(db):
    article = make_article(BODY)
    fact = Fact(article=article)
    fact.anchor("  研发成果 丰硕 ")
    assert fact.quote == "研发成果 丰硕"
    assert BODY[fact.start : fact.end] == "研发成果丰硕"
    assert fact.paragraph == 2


def test_a_quote_not_in_the_article_is_an_error_on_the_quote(db):
    assert "not in the article" in errors(Fact(article=make_article(BODY)), "研发投入为零")["quote"][0]


def test_a_repeated_quote_lists_each_occurrence_in_context(db):
    message = errors(Fact(article=make_article(BODY)), "研发")["occurrence"][0]
    assert "occurs 3 times" in message
    assert "1 ¶1: …第一段：【研发】投入" in message and "3 ¶2: …第二段：【研发】成果" in message
    assert "longer quote" in message


def test_occurrence_picks_one_and_a_missing_one_is_an_error(db):
    fact = Fact(article=make_article(BODY))
    fact.anchor("研发", 2)
    assert fact.start == spans(BODY, "研发")[1]
    assert "only 3 occurrence(s)" in errors(fact, "研发", 4)["occurrence"][0]


def test_paragraph_hint_picks_the_occurrence_only_when_that_paragraph_holds_one(db):
    fact = Fact(article=make_article(BODY))
    fact.anchor("研发", paragraph_hint=2)
    assert (fact.start, fact.paragraph) == (spans(BODY, "研发")[2], 2)
    assert "occurrence" in errors(fact, "研发", paragraph_hint=1)  # two there: still ambiguous


def test_a_quote_across_paragraphs_is_refused(db):
    assert "one paragraph" in errors(Fact(article=make_article(BODY)), "一万。第二段")["quote"][0]


def test_a_saved_fact_keeps_its_own_occurrence_unless_moved(db):
    article = make_article(BODY)
    fact = Fact(article=article)
    fact.anchor("研发", 2)
    fact.save()
    fact.anchor("研发")  # an edit that leaves the quote alone
    assert fact.start == spans(BODY, "研发")[1]
    # Moved to another article, the old place means nothing there: the author must choose again.
    assert "occurrence" in errors(fact, "研发", article=make_article(BODY))


def test_re_anchoring_a_drifted_fact_clears_the_drift(db):
    fact = make_fact(make_article(BODY), quote="研发成果丰硕")
    Fact.objects.filter(pk=fact.pk).update(drift=Drift.FLAGGED, drift_note="The article changed.")
    fact.refresh_from_db()
    fact.anchor("用户超过10亿")
    assert (fact.drift, fact.drift_note, fact.paragraph) == (Drift.OK, "", 3)


def test_the_messages_read_in_chinese_too(db):
    with translation.override("zh-hans"):
        assert "不在文章中" in errors(Fact(article=make_article(BODY)), "研发投入为零")["quote"][0]
