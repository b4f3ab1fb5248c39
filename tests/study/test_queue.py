"""Counts, the daily new-card limit, the forecast, and constant query counts per request."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quizapp.accounts.models import Learner
from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Question
from quizapp.study import queue
from quizapp.study.models import CardState, Stage
from tests.factories import shipped_published_counts
from tests.study.helpers import make_state, shown_card


def deck_with_counts(slug: str) -> Deck:
    return Deck.objects.with_question_counts().get(slug=slug)


def test_new_cards_are_limited_per_deck_and_day(bank):
    me = Learner.objects.create(session_key="s")
    deck = deck_with_counts("all")
    now = timezone.now()
    started_today = list(deck.questions()[: queue.NEW_PER_DAY - 1])
    for question in started_today:
        CardState.objects.create(learner=me, question=question, due=now + timedelta(days=2), introduced_at=now)
    counts = queue.deck_counts(me, [deck], now)[deck.pk]
    shipped = sum(shipped_published_counts().values())
    assert (counts.total, counts.seen, counts.unseen) == (shipped, 19, shipped - 19)
    assert counts.new == 1
    CardState.objects.create(learner=me, question=deck.questions()[30], due=now + timedelta(days=2), introduced_at=now)
    assert queue.deck_counts(me, [deck], now)[deck.pk].new == 0
    # Cards started yesterday no longer count against today.
    CardState.objects.update(introduced_at=now - timedelta(days=1))
    assert queue.deck_counts(me, [deck], now)[deck.pk].new == queue.NEW_PER_DAY


def test_daily_limit_reached_says_more_tomorrow(client, learner, bank):
    client.force_login(learner)
    me = Learner.objects.get_or_create(user=learner)[0]
    now = timezone.now()
    tomorrow = queue.today_bounds(now)[1] + timedelta(hours=1)
    for question in Deck.objects.get(slug="all").questions()[: queue.NEW_PER_DAY]:
        CardState.objects.create(learner=me, question=question, due=tomorrow, introduced_at=now)
    html = client.get("/study/all/").content.decode()
    assert "<dt>New</dt><dd>0</dd>" in html and 'name="question"' not in html
    assert "You have started 20 new cards in this deck today; more tomorrow." in html


def test_counts_split_learning_and_due_today(small_deck):
    me = Learner.objects.create(session_key="s")
    deck = deck_with_counts("three")
    now = timezone.now()
    end_of_day = queue.today_bounds(now)[1]
    a, b, c = small_deck.questions()
    make_state(me, a, stage=Stage.REVIEW, due=now - timedelta(days=1))  # overdue
    make_state(me, b, stage=Stage.RELEARNING, due=min(now + timedelta(minutes=5), end_of_day - timedelta(seconds=1)))
    make_state(me, c, stage=Stage.REVIEW, due=end_of_day + timedelta(hours=1))  # tomorrow
    counts = queue.deck_counts(me, [deck], now)[deck.pk]
    assert (counts.new, counts.learning, counts.due, counts.waiting) == (0, 1, 1, 2)


def test_forecast_counts_cards_per_day_with_overdue_today(small_deck):
    me = Learner.objects.create(session_key="s")
    now = timezone.now()
    start = queue.today_bounds(now)[0]
    a, b, c = small_deck.questions()
    make_state(me, a, stage=Stage.REVIEW, due=start - timedelta(days=3))
    make_state(me, b, stage=Stage.REVIEW, due=start + timedelta(days=1, hours=9))
    make_state(me, c, stage=Stage.REVIEW, due=start + timedelta(days=30))  # beyond the week
    days = queue.forecast(me, small_deck, now)
    assert [d.count for d in days] == [1, 1, 0, 0, 0, 0, 0]
    assert [d.level for d in days] == [10, 10, 0, 0, 0, 0, 0]
    assert days[0].day == timezone.localtime(now).date() and len(days) == queue.FORECAST_DAYS


def test_forecast_is_rendered_as_bars_without_inline_styles(client, learner, small_deck):
    client.force_login(learner)
    me = Learner.objects.get_or_create(user=learner)[0]
    start = queue.today_bounds(timezone.now())[0]
    for n, question in enumerate(small_deck.questions()):
        make_state(me, question, stage=Stage.REVIEW, due=start + timedelta(days=2, hours=n))
    html = client.get("/study/three/").content.decode()
    assert '<span class="forecast-count">3</span>\n      <span class="bar lvl-10" aria-hidden="true"></span>' in html
    assert html.count('class="bar lvl-0"') == 6
    assert "style=" not in html and "<script>" not in html


def _study_two_decks(client, small_slug: str, large_slug: str, django_assert_num_queries, expected: int) -> None:
    for slug in (small_slug, large_slug):
        with django_assert_num_queries(expected):
            response = client.get(f"/study/{slug}/")
        assert shown_card(response.content.decode())


def test_card_page_queries_do_not_grow_with_the_deck(client, learner, bank, django_assert_num_queries):
    small = Deck.objects.create(kind=DeckKind.PICKED, name="小", slug="small")
    small.picked.set(Question.objects.published()[:3])
    client.force_login(learner)
    me = Learner.objects.get_or_create(user=learner)[0]
    now = timezone.now()
    for deck in (small, Deck.objects.get(slug="all")):
        # One review card due in each deck, so both pages take the same path.
        question = deck.questions().exclude(card_states__learner=me).last()
        make_state(me, question, stage=Stage.REVIEW, due=now - timedelta(hours=1))
    # The learner id rides in the signed session, so no query finds it. Then: the user (for the
    # page header), deck with count, counts, next card, its question, its choices, forecast.
    # (one of them: the questions of an exam this learner has open, kept out of the queue)
    _study_two_decks(client, "small", "all", django_assert_num_queries, 8)


def test_review_request_queries_do_not_grow_with_the_deck(client, learner, bank, django_assert_num_queries):
    small = Deck.objects.create(kind=DeckKind.PICKED, name="小", slug="small")
    small.picked.set(Question.objects.published()[:3])
    client.force_login(learner)
    Learner.objects.get_or_create(user=learner)[0]
    for slug in ("small", "all"):
        question, reps = shown_card(client.get(f"/study/{slug}/").content.decode())
        form = {"question": question, "reps": reps, "rating": 3}
        # deck, question, learner; then in one transaction (a savepoint inside the test's own):
        # the card state, a savepoint around its insert, the insert, the review log; then the item
        # statistics marked stale (one UPDATE … RETURNING, and the new row of a first review).
        with django_assert_num_queries(12):
            response = client.post(f"/study/{slug}/review/", form)
        assert response.status_code == 302
        question, reps = shown_card(client.get(f"/study/{slug}/").content.decode())
        form = {"question": question, "reps": reps, "rating": 3}
        # + the next card in the same response (a partial: no header, no user): counts, next card,
        # its question, its choices, forecast
        with django_assert_num_queries(18):  # +1: the open exams' questions, kept out of the queue
            response = client.post(f"/study/{slug}/review/", form, headers={"HX-Request": "true"})
        assert shown_card(response.content.decode())
