"""CardState and review(): FSRS scheduling as the fsrs package computes it, written once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from quizapp.study.models import CardState, Rating, ReviewLog, Stage, review
from tests.factories import make_question

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_ratings_move_due_dates_as_the_fsrs_scheduler_says(anonymous_learner):
    question = make_question()
    reference = fsrs.Scheduler()  # the package's defaults, which the app uses
    card = fsrs.Card(card_id=question.pk, due=START)
    now = START
    for n, rating in enumerate([Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY]):
        # Review intervals are fuzzed with random(); the same seed gives both the same fuzz.
        random.seed(n)
        outcome = review(anonymous_learner, question, rating, seen_reps=n, now=now)
        random.seed(n)
        card, _ = reference.review_card(card, fsrs.Rating(rating), review_datetime=now)

        assert outcome.reviewed
        state = CardState.objects.get(learner=anonymous_learner, question=question)  # from the database
        assert state.due == card.due
        assert state.stage == card.state and state.step == card.step
        assert state.stability == pytest.approx(card.stability) and state.difficulty == pytest.approx(card.difficulty)
        assert state.reps == n + 1
        now = card.due  # the learner comes back exactly when the card is due
    assert state.stage == Stage.REVIEW and state.lapses == 1
    assert state.due - START > timedelta(days=10)
    ratings = list(ReviewLog.objects.filter(question=question).values_list("rating", flat=True))
    assert ratings == [3, 3, 3, 1, 3, 4]


def test_again_brings_a_card_back_sooner_than_good_and_good_sooner_than_easy(anonymous_learner):
    dues = {}
    for rating in Rating:
        question = make_question()
        review(anonymous_learner, question, rating, seen_reps=0, now=START)
        dues[rating] = CardState.objects.get(question=question).due
    assert dues[Rating.AGAIN] < dues[Rating.HARD] < dues[Rating.GOOD] < dues[Rating.EASY]
    assert dues[Rating.AGAIN] - START == timedelta(minutes=1)  # first learning step
    assert dues[Rating.GOOD] - START == timedelta(minutes=10)


def test_state_survives_a_reload_and_round_trips_to_fsrs(anonymous_learner):
    question = make_question()
    review(anonymous_learner, question, Rating.GOOD, seen_reps=0, now=START)
    review(anonymous_learner, question, Rating.GOOD, seen_reps=1, now=START + timedelta(minutes=10))
    state = CardState.objects.get(learner=anonymous_learner, question=question)
    card = state.to_fsrs()
    assert (card.state, card.step, card.due, card.last_review) == (
        fsrs.State.Review,
        None,
        state.due,
        START + timedelta(minutes=10),
    )
    assert state.introduced_at == START


def test_repeating_a_review_with_the_same_count_changes_nothing(anonymous_learner):
    question = make_question()
    first = review(anonymous_learner, question, Rating.GOOD, seen_reps=0, now=START)
    again = review(anonymous_learner, question, Rating.AGAIN, seen_reps=0, now=START + timedelta(seconds=2))
    assert first.reviewed and not again.reviewed
    state = CardState.objects.get()
    assert state.reps == 1 and state.due == START + timedelta(minutes=10)
    assert ReviewLog.objects.count() == 1
    # A stale count on a card never reviewed writes nothing either.
    other = make_question()
    assert not review(anonymous_learner, other, Rating.GOOD, seen_reps=4, now=START).reviewed
    assert not CardState.objects.filter(question=other).exists()


def test_a_lapse_is_counted_when_a_review_card_is_forgotten(anonymous_learner):
    question = make_question()
    review(anonymous_learner, question, Rating.EASY, seen_reps=0, now=START)
    state = CardState.objects.get()
    assert state.stage == Stage.REVIEW and state.lapses == 0
    review(anonymous_learner, question, Rating.AGAIN, seen_reps=1, now=state.due)
    state.refresh_from_db()
    assert state.stage == Stage.RELEARNING and state.lapses == 1
    log = ReviewLog.objects.order_by("reviewed_at").last()
    assert log.stage_before == Stage.REVIEW and log.due_after == state.due
