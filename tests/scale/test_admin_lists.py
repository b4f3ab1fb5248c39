"""Admin changelists at any size (issue 18): sorted from an index (newest first by id, no join for
Meta.ordering), one count for a filtered list (not the whole table's as well), and the same statements
for 6 questions as for 60."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_fact, make_question


def _list(client, url: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return [q["sql"] for q in queries], response.content.decode()


def test_question_and_fact_lists_sort_by_id_and_count_once(client, editor):
    client.force_login(editor)
    fact = make_fact(make_article())
    questions = [make_question(fact, prompt=f"第{n}题") for n in range(6)]
    _list(client, "/admin/library/question/")  # the session settles first
    small, _ = _list(client, "/admin/library/question/?status__exact=published")
    more = [make_question(make_fact(make_article()), prompt=f"第{n}题") for n in range(6, 60)]
    large, html = _list(client, "/admin/library/question/?status__exact=published")
    assert len(small) == len(large)
    listed = next(sql for sql in large if sql.startswith('SELECT "library_question"."id", "library_question"."uuid"'))
    assert listed.rstrip().split("ORDER BY")[1].strip().startswith('"library_question"."id" DESC')
    assert sum(sql.startswith("SELECT COUNT(*)") for sql in large) == 1  # the filtered count only
    assert f">{more[-1].prompt}<" in html and f">{questions[0].prompt}<" not in html  # newest first, 50 a page
    facts, _ = _list(client, "/admin/library/fact/")
    listed = next(sql for sql in facts if sql.startswith('SELECT "library_fact"."id", "library_fact"."uuid"'))
    assert listed.split("ORDER BY")[1].strip().startswith('"library_fact"."id" DESC')


def test_the_article_filter_lists_a_bounded_number_of_articles_and_keeps_the_chosen_one(client, editor):
    from quizapp.library.admin_fact import ArticleFilter

    client.force_login(editor)
    articles = [make_article(title=f"第{n:02d}篇") for n in range(ArticleFilter.LISTED + 5)]
    make_question(make_fact(articles[0]))
    _, html = _list(client, "/admin/library/question/")
    listed = {int(pk) for pk in re.findall(r"fact__article__id__exact=(\d+)", html)}
    assert listed == {a.pk for a in articles[-ArticleFilter.LISTED :]}  # the newest ones
    _, html = _list(client, f"/admin/library/question/?fact__article__id__exact={articles[0].pk}")
    assert articles[0].pk in {int(pk) for pk in re.findall(r"fact__article__id__exact=(\d+)", html)}  # kept
    page = client.get(f"/admin/library/article/{articles[0].pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"/admin/library/question/?fact__article__id__exact={articles[0].pk}" in page.content.decode()
