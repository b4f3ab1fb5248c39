"""Deck counts stay a fixed number of statements with hundreds of decks (issue 18), and stay right.

Before, /study/ asked four correlated counts per deck in one statement: past 416 decks PostgreSQL
refused it (1,664 columns) and at 400 it took 78 s. These tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizapp.accounts.models import Learner
from quizapp.decks.models import Deck, DeckKind, anki_deck_id_for
from quizapp.library.models import Drift, Fact, Status, Tag
from quizapp.paging import PER_PAGE
from quizapp.study import queue
from quizapp.study.models import CardState, Stage
from tests.factories import make_article, make_fact, make_question

DECKS = 500


def _library(rng: random.Random) -> list:
    questions = []
    for a in range(4):
        article = make_article(title=f"文章{a}")
        for quote in ("2023年研发投入211.9亿元", "用户超过10亿"):
            fact = make_fact(article, quote=quote)
            questions += [make_question(fact) for _ in range(3)]
    make_question(questions[0].fact, status=Status.DRAFT)  # never counted
    Fact.objects.filter(pk=questions[-1].fact_id).update(drift=Drift.FLAGGED)  # its questions leave decks
    tags = [Tag.objects.create(name=f"tag{n}") for n in range(5)]
    for question in questions:
        question.tags.set(rng.sample(tags, rng.randint(0, 2)))
    return questions


def _many_decks(rng: random.Random, questions: list, start: int, count: int) -> None:
    tags = list(Tag.objects.all())
    decks = []
    for n in range(start, start + count):
        slug = f"deck-{n}"
        fields = {"kind": DeckKind.TAG, "tag": tags[n % len(tags)]} if n % 3 == 0 else {"kind": DeckKind.PICKED}
        decks.append(Deck(slug=slug, name=f"卡组{n}", anki_deck_id=anki_deck_id_for(slug), **fields))
    Deck.objects.bulk_create(decks)
    through = Deck.picked.through
    picks = [
        through(deck_id=deck.pk, question_id=question.pk)
        for deck in Deck.objects.filter(kind=DeckKind.PICKED, slug__startswith="deck-")
        for question in rng.sample(questions, rng.randint(0, 6))
    ]
    through.objects.bulk_create(picks, ignore_conflicts=True)


def _cards(rng: random.Random, learner: Learner, questions: list) -> None:
    now = timezone.now()
    for question in rng.sample(questions, 18):
        stage = rng.choice(list(Stage))
        due = now + timedelta(hours=rng.randint(-48, 72))
        introduced = now - timedelta(hours=rng.choice([0, 1, 30, 100]))
        CardState.objects.create(learner=learner, question=question, stage=stage, due=due, introduced_at=introduced)


def _naive(learner: Learner, deck: Deck, now) -> tuple[int, int, int, int, int]:
    """The counts the slow way: the deck's questions in Python, the learner's cards one by one."""
    start, end = queue.today_bounds(now)
    inside = set(deck.questions().values_list("pk", flat=True))
    cards = [card for card in CardState.objects.filter(learner=learner) if card.question_id in inside]
    learning = sum(card.stage != Stage.REVIEW and card.due < end for card in cards)
    due = sum(card.stage == Stage.REVIEW and card.due < end for card in cards)
    introduced = sum(card.introduced_at >= start for card in cards)
    return len(inside), len(cards), learning, due, introduced


@pytest.fixture
def library_of_decks(db):
    rng = random.Random(18)
    questions = _library(rng)
    _many_decks(rng, questions, 0, DECKS)
    me = Learner.objects.create(session_key="scale")
    _cards(rng, me, questions)
    return rng, questions, me


def test_counts_for_500_decks_take_a_fixed_number_of_statements_and_match_a_naive_count(
    library_of_decks, django_assert_num_queries
):
    _, _, me = library_of_decks
    now = timezone.now()
    Deck.objects.listing()  # the decks' counts are cached under the library's version from here on
    with django_assert_num_queries(1):  # the decks, with the version: their counts come from the cache
        decks = Deck.objects.listing()
    assert len(decks) == DECKS + 4 + 1
    with django_assert_num_queries(2):  # the questions of open exams (left out), the learner's cards grouped
        counts = queue.deck_counts(me, decks, now)
    for deck in decks:
        got = counts[deck.pk]
        assert (deck.question_count, got.seen, got.learning, got.due, got.introduced_today) == _naive(me, deck, now)
    assert any(c.seen for c in counts.values()) and any(c.learning for c in counts.values())
    assert any(c.due for c in counts.values()) and any(c.introduced_today for c in counts.values())


def test_study_page_statements_do_not_grow_past_1000_decks(client, learner, library_of_decks):
    rng, questions, _ = library_of_decks
    client.force_login(learner)
    mine = Learner.objects.get_or_create(user=learner)[0]
    _cards(rng, mine, questions)

    def study_page() -> tuple[int, str]:
        client.get("/study/")  # the session, and the decks' counts under the library's version, settle first
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/study/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    at_500, _ = study_page()
    _many_decks(rng, questions, DECKS, 600)
    at_1100, html = study_page()
    assert at_1100 == at_500 <= 12
    listed = Deck.objects.listing()
    assert len([deck for deck in listed if deck.question_count]) > 1000 * 0.8
    first = [deck.name for deck in listed[:PER_PAGE] if deck.question_count]  # the first page, empty decks left out
    assert first and all(f">{name}</a>" in html for name in first) and f">{listed[PER_PAGE].name}</a>" not in html
