"""The admin article and deck lists count for the rows on the page only (issue 18): the figures are
right, the statements the same for a small library and a larger one, and the statement that counts
names the page's rows instead of grouping the whole table."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.decks.admin import DeckAdmin
from quizapp.decks.models import DeckKind
from quizapp.library.admin_article import ArticleAdmin
from quizapp.library.admin_fact import FactAdmin
from quizapp.library.models import Article, Question, QuestionType, Status
from tests.factories import make_article, make_fact, make_picked_deck, make_question

pytestmark = pytest.mark.django_db
PER_PAGE = 2


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", PER_PAGE)
    monkeypatch.setattr(DeckAdmin, "list_per_page", PER_PAGE)
    monkeypatch.setattr(FactAdmin, "list_per_page", PER_PAGE)


def grow(articles: int) -> None:
    """`articles` more articles, the n-th with n facts and n + 1 questions (one a draft)."""
    start = Article.objects.count()
    for n in range(start + 1, start + articles + 1):
        article = make_article(title=f"文章{n}", source_file=f"{n:03d}.txt")
        facts = [make_fact(article) for _ in range(n)]
        for fact in facts:
            make_question(fact, QuestionType.TRUE_FALSE)
        make_question(facts[0], QuestionType.TRUE_FALSE, status=Status.DRAFT)


def listed(client, url: str) -> tuple[str, list, list[str]]:
    """The page, the objects on it, and the statements it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    return response.content.decode(), rows, [q["sql"] for q in captured.captured_queries]


def row_counts(html: str, column: str) -> list[int]:
    return [int(n) for n in re.findall(rf'<td class="field-{column}">(\d+)</td>', html)]


def test_the_article_list_counts_facts_and_questions_of_its_page_only(client, editor):
    client.force_login(editor)
    grow(2)
    _, _, small = listed(client, "/admin/library/article/")
    grow(4)
    html, first_page, large = listed(client, "/admin/library/article/")
    assert len(large) == len(small), (small, large)
    assert len(first_page) == PER_PAGE
    assert row_counts(html, "fact_count") == [a.facts.count() for a in first_page]
    assert row_counts(html, "question_count") == [a.facts.count() + 1 for a in first_page]  # drafts count too
    counting = [sql for sql in large if "library_question" in sql]
    assert len(counting) == 1 and " IN (" in counting[0], counting
    # Sorting by a count would count every article: the columns do not offer it.
    assert "o=5" not in html and "o=6" not in html


def test_the_deck_list_counts_the_questions_of_its_page_only(client, editor):
    client.force_login(editor)
    grow(3)
    questions = list(Article.objects.get(title="文章1").facts.first().questions.filter(status=Status.PUBLISHED))
    make_picked_deck(questions, name="甲", slug="a-picked")
    _, _, small = listed(client, "/admin/decks/deck/")
    grow(4)
    make_picked_deck(questions, name="乙", slug="b-picked")
    html, decks, large = listed(client, "/admin/decks/deck/?o=1")  # by name: 乙 (picked), 全部题目 (all)
    assert len(large) == len(small), (small, large)
    assert {d.kind for d in decks} == {DeckKind.PICKED, DeckKind.ALL}
    expected = {DeckKind.PICKED: len(questions), DeckKind.ALL: Question.objects.live().count()}
    assert row_counts(html, "question_count") == [expected[d.kind] for d in decks]
    counted_everything = [sql for sql in large if "CASE WHEN" in sql and "library_question" in sql]
    assert counted_everything == []


def test_the_fact_list_counts_the_questions_of_its_page_only(client, editor):
    client.force_login(editor)
    grow(2)
    _, _, small = listed(client, "/admin/library/fact/")
    grow(3)
    html, facts, large = listed(client, "/admin/library/fact/")
    assert len(large) == len(small), (small, large)
    assert len(facts) == PER_PAGE
    assert row_counts(html, "question_count") == [f.questions.count() for f in facts]
    # Neither the paginator's count nor the column groups facts by their questions across the table.
    counting = [sql for sql in large if "library_question" in sql]
    assert len(counting) == 1 and " IN (" in counting[0], counting
