"""The automatic decks and quizzes are made set-based: the same statements for 5 articles as for 50 (they
run after every migrate, import and load, so a per-article loop grew with the library)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.decks.automatic import ensure_automatic_decks
from quizapp.decks.models import Deck, DeckKind, anki_deck_id_for
from quizapp.library.models import Article
from quizapp.quizzes.automatic import article_quiz_slug, ensure_library_quizzes
from quizapp.quizzes.models import Quiz, Rule
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _statements(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def _library_of(n: int) -> None:
    for i in range(Article.objects.count(), n):
        make_article(title=f"文章{i}", source_file=f"article-{i:03}.txt")


def test_automatic_decks_cost_the_same_for_5_and_50_articles():
    made, renamed, again = {}, {}, {}
    for n in (5, 50):
        _library_of(n)
        Article.objects.update(title="原来的标题")
        Deck.objects.filter(kind=DeckKind.ARTICLE).delete()  # saving an article made its deck; start without
        made[n] = _statements(ensure_automatic_decks)
        decks = Deck.objects.filter(kind=DeckKind.ARTICLE)
        assert dict(decks.values_list("article", "name")) == dict(Article.objects.values_list("pk", "title"))
        assert decks.count() == n
        assert all(deck.anki_deck_id == anki_deck_id_for(deck.slug) for deck in decks)
        Article.objects.update(title="改过的标题")  # an editor's correction, without signals
        renamed[n] = _statements(ensure_automatic_decks)
        assert set(decks.values_list("name", flat=True)) == {"改过的标题"}
        again[n] = _statements(ensure_automatic_decks)
    # Made: SAVEPOINT, the "all" deck, articles, their decks, taken slugs, INSERT, RELEASE; renamed: the
    # same with one UPDATE and no INSERT; nothing to do: no write at all. A loop took 2–3 per article.
    assert (made, renamed, again) == ({5: 7, 50: 7}, {5: 6, 50: 6}, {5: 5, 50: 5})


def test_a_taken_slug_gets_the_article_number_as_before():
    first = make_article(source_file="same.txt")
    second = make_article(source_file="same.md")  # the same stem, so the same wanted slug
    Deck.objects.filter(kind=DeckKind.ARTICLE).delete()
    report = ensure_automatic_decks()
    slugs = dict(Deck.objects.filter(kind=DeckKind.ARTICLE).values_list("article", "slug"))
    assert report.created == 2 and slugs == {first.pk: "article-same", second.pk: f"article-same-{second.pk}"}
    assert ensure_automatic_decks().created == 0  # idempotent


def test_automatic_quizzes_cost_the_same_for_5_and_50_articles():
    made = {}
    for n in (5, 50):
        _library_of(n)
        Quiz.objects.all().delete()  # a flushed database: neither the library's nor the articles' quizzes
        made[n] = _statements(ensure_library_quizzes)
        articles = Article.objects.all()
        article_quizzes = Quiz.objects.filter(rule=Rule.ARTICLE, is_automatic=True)
        assert set(article_quizzes.values_list("slug", flat=True)) == {article_quiz_slug(a) for a in articles}
        assert Quiz.objects.filter(slug__in=["mixed-practice", "mixed-exam"]).count() == 2
    assert made == {5: 5, 50: 5}  # library quizzes, one INSERT; articles, their quizzes, one INSERT
    Article.objects.update(title="改过的标题")
    ensure_library_quizzes()
    assert set(Quiz.objects.filter(rule=Rule.ARTICLE).values_list("title", flat=True)) == {"改过的标题"}
