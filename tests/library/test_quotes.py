"""Text at the edges: line endings stored as LF, quotes found whatever their width (全角/半角) and spacing."""

from __future__ import annotations

import pytest

from quizapp.library.models import Fact
from quizapp.library.quotes import clean_text, occurrence_of, quote_occurrences
from tests.factories import make_article

# Half-width comma and digits in the first paragraph, full-width ones in the second.
BODY = "第一段:用户超过10亿, 研发投入211.9亿元。\n\n第二段：合作伙伴超过１００万，遍布全球。"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("第一行\r\n第二行", "第一行\n第二行"), ("旧Mac\r换行", "旧Mac\n换行"), ("a\r\n\r\nb\n", "a\n\nb\n")],
)
def test_clean_text_stores_every_line_ending_as_lf(typed, stored):
    assert clean_text(typed) == stored
    assert clean_text(stored) == stored


def test_a_quote_typed_full_width_matches_the_half_width_article():
    [(start, end)] = quote_occurrences(BODY, "用户超过１０亿，研发投入２１１．９亿元")
    assert BODY[start:end] == "用户超过10亿, 研发投入211.9亿元"


def test_a_quote_typed_half_width_matches_the_full_width_article():
    [(start, end)] = quote_occurrences(BODY, "合作伙伴超过100万,遍布全球")
    # The offsets index the original body, full-width characters and all.
    assert BODY[start:end] == "合作伙伴超过１００万，遍布全球"


def test_width_folding_does_not_turn_other_punctuation_into_a_match():
    assert quote_occurrences(BODY, "用户超过10亿。研发投入") == []  # 。 is not ,
    assert occurrence_of(BODY + "\n\n用户超过１０亿", "用户超过10亿", len(BODY) + 2) == 2


def test_the_admin_anchor_accepts_a_full_width_quote(db):
    fact = Fact(article=make_article(BODY))
    fact.anchor("研发投入２１１．９亿元")
    assert BODY[fact.start : fact.end] == "研发投入211.9亿元"
    assert fact.paragraph == 1
