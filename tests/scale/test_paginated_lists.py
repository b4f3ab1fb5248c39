"""Home, /articles/, /decks/ and /study/ a page at a time (issue 18): each page shows PER_PAGE rows with
page links in English and Chinese, and makes the same statements with 5 articles as with 45."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.decks.models import Deck
from quizapp.library.models import Article
from quizapp.paging import PER_PAGE
from quizapp.quizzes.models import Quiz
from quizapp.quizzes.views import HOME_ARTICLES
from tests.factories import make_article, make_fact, make_question

PAGES = ["/", "/articles/", "/decks/", "/study/"]


def _articles(start: int, count: int) -> None:
    for n in range(start, start + count):
        article = make_article(title=f"文章{n:03d}", source_file=f"p{n:03d}.txt")
        make_question(make_fact(article))


def _statements(client, url: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_costs_the_same_statements_whatever_the_library_size(client, learner, db, url):
    client.force_login(learner)
    client.get(url)  # the session settles first
    # Deck counts are worked out once per change of the library (decks/library_version.py): the first
    # page after a change (cold) may count, the next (warm) reads them; each the same at both sizes.
    _articles(0, 5)
    small = [_statements(client, url)[0] for _ in ("cold", "warm")]
    _articles(5, 40)
    large = [_statements(client, url)[0] for _ in ("cold", "warm")]
    deep, _ = _statements(client, url, page=2)
    html = _statements(client, url)[1]
    assert small == large and deep <= large[1]
    assert "Page 1 of" in html and 'rel="next" href="?page=2"' in html and 'rel="prev"' not in html


def test_articles_are_listed_a_page_at_a_time_with_their_counts(client, db):
    _articles(0, PER_PAGE + 3)
    first = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    second = client.get("/articles/", {"page": 2}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    titles = list(Article.objects.order_by("source_file").values_list("title", flat=True))
    assert all(t in first for t in titles[:PER_PAGE]) and not any(t in first for t in titles[PER_PAGE:])
    assert all(t in second for t in titles[PER_PAGE:]) and "Page 2 of 2" in second
    assert second.count("1 question") == 3 and 'rel="prev" href="?page=1"' in second
    # A page past the end shows the last one, and anything else the first: an old link still lands.
    assert "Page 2 of 2" in client.get("/articles/", {"page": 99}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page 1 of 2" in client.get("/articles/", {"page": "x"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_home_pages_the_quizzes_and_shows_the_first_articles(client, db):
    _articles(0, PER_PAGE + 3)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    quizzes = list(Quiz.objects.listed())
    assert len(quizzes) > PER_PAGE
    assert quizzes[0].get_absolute_url() in html and quizzes[PER_PAGE].get_absolute_url() not in html
    shown = [a for a in Article.objects.order_by("source_file") if a.get_absolute_url() + '"' in html]
    assert len(shown) == HOME_ARTICLES and 'href="/articles/"' in html
    last = client.get("/", {"page": 2}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert quizzes[-1].get_absolute_url() in last


def test_page_links_are_translated(client, db):
    _articles(0, PER_PAGE + 1)
    html = client.get("/decks/", {"page": 2}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "第 2 页，共 2 页" in html and "上一页" in html and "Previous page" not in html
    assert Deck.objects.count() > PER_PAGE
