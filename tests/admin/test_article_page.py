"""The admin article page as an author works on it: the text first, each paragraph with its facts and
their question counts beside it, uncovered paragraphs marked in words, flagged facts never drawn at
stale offsets, and a statement count that does not grow with the article."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from quizapp.library.models import Drift, Fact, Question

pytestmark = pytest.mark.django_db

PARA = re.compile(r'<div class="authoring-para ([^"]*)" data-paragraph="(\d+)".*?<ul class="pfacts">(.*?)</ul>', re.S)
LISTED = re.compile(r'<a href="/admin/library/fact/(\d+)/change/">.*?</a> <span class="qcount[^"]*">(\d+) ')


def paragraphs(html: str) -> dict[int, tuple[str, str]]:
    """paragraph number → (its classes, what is listed beside it)."""
    return {int(n): (classes, listed) for classes, n, listed in PARA.findall(html)}


def page(client, article, **headers) -> str:
    response = client.get(f"/admin/library/article/{article.pk}/change/", **{"HTTP_ACCEPT_LANGUAGE": "en", **headers})
    assert response.status_code == 200
    return response.content.decode()


def test_each_paragraph_lists_its_facts_with_their_question_counts(client, editor, bank):
    article = bank["003_17b458d034213ccd.txt"]
    client.force_login(editor)
    shown = paragraphs(page(client, article))
    assert sorted(shown) == list(article.paragraphs.values_list("number", flat=True))
    questions = Counter(Question.objects.filter(fact__article=article).values_list("fact_id", flat=True))
    for fact in Fact.objects.filter(article=article):
        classes, listed = shown[fact.paragraph]
        assert (str(fact.pk), str(questions[fact.pk])) in LISTED.findall(listed), (fact.paragraph, listed)
    covered = set(article.facts.values_list("paragraph", flat=True))
    for number, (classes, listed) in shown.items():
        assert ("uncovered" in classes) == (number not in covered)
        assert ("No fact yet" in listed) == (number not in covered)  # said in words, not by colour alone
    assert len(LISTED.findall("".join(listed for _c, listed in shown.values()))) == article.facts.count()


def test_the_statement_count_does_not_grow_with_the_article(client, editor, bank, django_assert_num_queries):
    long, short = bank["003_17b458d034213ccd.txt"], bank["002_aec1c1457b9d3803.txt"]
    assert long.paragraphs.count() > 3 * short.paragraphs.count()
    client.force_login(editor)
    page(client, bank["000_1a6226931bc3619a.txt"])  # the first request also caches content types
    # Session and user (2), the article, 2 permission reads, its tags, the tag choices, the group
    # check of the menu, facts with their counts, paragraphs, the item-statistics panel.
    for article in (long, short):
        with django_assert_num_queries(11):
            page(client, article)


def test_a_flagged_fact_is_listed_for_re_anchoring_but_never_drawn(client, editor, bank):
    article = bank["002_aec1c1457b9d3803.txt"]
    alone = Counter(article.facts.values_list("paragraph", flat=True))
    fact = next(f for f in article.facts.order_by("start") if alone[f.paragraph] == 1)
    # Its offsets now point at whatever text took its place (here: the paragraph after it).
    other = article.paragraphs.get(number=fact.paragraph + 1)
    Fact.objects.filter(pk=fact.pk).update(drift=Drift.FLAGGED, start=other.start, end=other.start + 5)
    client.force_login(editor)
    html = page(client, article)
    assert html.count('class="fact-mark"') == article.facts.count() - 1
    assert (
        f'href="/admin/library/fact/{fact.pk}/change/"' in re.search(r'<div class="errornote">.*?</div>', html, re.S)[0]
    )
    classes, listed = paragraphs(html)[fact.paragraph]
    assert "uncovered" in classes and "No fact yet" in listed
    assert f"/fact/{fact.pk}/" not in "".join(listed for _c, listed in paragraphs(html).values())


def test_the_text_comes_before_the_metadata_unless_the_metadata_was_refused(client, editor, bank):
    article = bank["003_17b458d034213ccd.txt"]
    client.force_login(editor)
    html = page(client, article)
    assert html.index('class="authoring-text"') < html.index('id="id_title"')
    assert html.index('class="button next-uncovered"') < html.index('class="authoring-text"')
    refused = client.post(f"/admin/library/article/{article.pk}/change/", {"title": ""}, HTTP_ACCEPT_LANGUAGE="en")
    html = refused.content.decode()
    assert refused.status_code == 200 and "errornote" in html
    assert html.index('id="id_title"') < html.index('class="authoring-text"')


def test_the_working_parts_of_the_page_speak_chinese(client, editor, bank):
    client.force_login(editor)
    html = page(client, bank["003_17b458d034213ccd.txt"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    for words in ("下一个没有事实的段落", "尚无事实", "尚未选中文字", "键盘操作", "道题目"):
        assert words in html, words
    for english in ("Next paragraph without a fact", "No fact yet", "Nothing selected", "By keyboard"):
        assert english not in html, english
