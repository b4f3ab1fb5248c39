from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from quizapp.decks.automatic import ensure_automatic_decks
from quizapp.decks.models import ALL_SLUG, Deck, DeckKind, anki_deck_id_for
from quizapp.library.models import Article, Question, Status, Tag
from tests.factories import make_article, make_fact, make_question, shipped_published_counts


def test_every_imported_article_has_a_deck_and_there_is_one_deck_of_everything(imported):
    decks = Deck.objects.all()
    assert {d.article.source_file for d in decks if d.kind == DeckKind.ARTICLE} == set(imported)
    everything = decks.get(kind=DeckKind.ALL)
    assert everything.slug == ALL_SLUG
    article_deck = decks.get(article=imported["002_aec1c1457b9d3803.txt"])
    assert article_deck.slug == "article-002_aec1c1457b9d3803" and article_deck.name == "蚂蚁向外生长"
    assert "蚂蚁向外生长" in article_deck.description


def test_deck_questions_are_the_published_questions_of_its_kind(db):
    tag = Tag.objects.create(name="figures")
    article = make_article()
    mine = make_question(make_fact(article))
    mine.tags.add(tag)
    draft = make_question(make_fact(article, quote="用户超过10亿"), status=Status.DRAFT)
    draft.tags.add(tag)
    elsewhere = make_question()
    by_tag = Deck.objects.create(kind=DeckKind.TAG, tag=tag, name="数字", slug="figures")
    picked = Deck.objects.create(kind=DeckKind.PICKED, name="精选", slug="picked")
    picked.picked.set([elsewhere, draft])

    assert list(Deck.objects.get(article=article).questions()) == [mine]
    assert list(by_tag.questions()) == [mine]
    assert list(picked.questions()) == [elsewhere]
    assert set(Deck.objects.get(kind=DeckKind.ALL).questions()) == {mine, elsewhere}
    counts = dict(Deck.objects.with_question_counts().values_list("slug", "question_count"))
    assert counts["figures"] == 1 and counts["picked"] == 1 and counts[ALL_SLUG] == 2


def test_question_counts_for_every_deck_take_one_query(bank, django_assert_num_queries):
    Deck.objects.create(kind=DeckKind.TAG, tag=Tag.objects.get(name="figures"), name="数字", slug="figures")
    with django_assert_num_queries(1):
        counts = {d.slug: d.question_count for d in Deck.objects.with_question_counts().in_listing_order()}
    shipped = sum(shipped_published_counts().values())
    assert counts[ALL_SLUG] == Question.objects.published().count() == shipped
    assert counts["figures"] == Question.objects.published().filter(tags__name="figures").count() > 0
    assert sum(n for slug, n in counts.items() if slug.startswith("article-")) == shipped


def test_anki_deck_id_is_fixed_at_creation_and_survives_renames(db):
    deck = Deck.objects.create(kind=DeckKind.PICKED, name="精选", slug="picked")
    assert deck.anki_deck_id == anki_deck_id_for("picked")
    assert 10**12 <= deck.anki_deck_id < 10**13
    deck.name, deck.slug = "改名以后", "renamed"
    deck.save()
    deck.refresh_from_db()
    assert deck.anki_deck_id == anki_deck_id_for("picked")


def test_article_deck_follows_the_article_title_and_keeps_its_anki_id(db):
    article = make_article(title="旧标题")
    deck = Deck.objects.get(article=article)
    anki_id = deck.anki_deck_id
    article.title = "新标题"
    article.save()
    deck.refresh_from_db()
    assert (deck.name, deck.anki_deck_id) == ("新标题", anki_id)


def test_deleting_an_article_deletes_its_deck(db):
    article = make_article()
    article.delete()
    assert not Deck.objects.filter(kind=DeckKind.ARTICLE).exists()


def test_ensure_decks_creates_missing_decks_and_is_idempotent(db):
    Article.objects.bulk_create(  # bulk_create sends no post_save: like articles made before decks existed
        [Article(title="甲", source_file="a.txt", content_hash="x", body="甲。")]
    )
    Deck.objects.filter(kind=DeckKind.ALL).delete()
    out = io.StringIO()
    call_command("ensure_decks", stdout=out)
    assert "2 created" in out.getvalue()
    call_command("ensure_decks", stdout=out)
    assert "0 created, 0 renamed after their article, 2 unchanged" in out.getvalue()
    assert ensure_automatic_decks().created == 0
    assert Deck.objects.filter(kind=DeckKind.ARTICLE, article__source_file="a.txt").exists()


def test_article_file_names_without_latin_letters_still_give_a_stable_slug(db):
    article = make_article(source_file="蚂蚁.txt")
    slug = Deck.objects.get(article=article).slug
    assert slug.startswith("article-") and len(slug) > len("article-")
    Deck.objects.filter(article=article).delete()
    ensure_automatic_decks()
    assert Deck.objects.get(article=article).slug == slug


def test_deck_kind_must_match_its_source(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deck.objects.create(kind=DeckKind.ARTICLE, name="无文章", slug="broken")
    with pytest.raises(IntegrityError), transaction.atomic():
        Deck.objects.create(kind=DeckKind.ALL, name="第二个全部", slug="all-2")
