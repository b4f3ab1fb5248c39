"""An anonymous learner's flashcards move to the account on log-in (accounts.signals → study.merge)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from quizapp.accounts.learners import merge_learner
from quizapp.accounts.models import Learner
from quizapp.study.models import CardState, Rating, ReviewLog, review
from tests.factories import make_question
from tests.study.helpers import shown_card


def test_anonymous_cards_move_to_the_account_on_log_in(client, learner, small_deck):
    for _ in range(2):
        question, reps = shown_card(client.get("/study/three/").content.decode())
        client.post("/study/three/review/", {"question": question, "reps": reps, "rating": 3})
    anonymous = Learner.objects.get(user__isnull=True)
    assert CardState.objects.filter(learner=anonymous).count() == 2

    assert client.login(username="lee", password="pw-lee")

    account = Learner.objects.get(user=learner)
    assert not Learner.objects.filter(pk=anonymous.pk).exists()
    assert CardState.objects.filter(learner=account).count() == 2
    assert ReviewLog.objects.filter(learner=account).count() == 2
    # The account carries on where the browser left off: the third, still new, card is next.
    html = client.get("/study/three/").content.decode()
    assert "<dt>New</dt><dd>1</dd>" in html and shown_card(html)[1] == 0


def test_force_login_moves_them_too(client, learner, small_deck):
    question, _ = shown_card(client.get("/study/three/").content.decode())
    client.post("/study/three/review/", {"question": question, "reps": 0, "rating": 4})
    client.force_login(learner)
    assert CardState.objects.get().learner.user == learner


def test_on_a_clash_the_later_review_wins_and_every_review_is_kept(db):
    account = Learner.objects.create(user=get_user_model().objects.create_user("kim"))
    browser = Learner.objects.create(session_key="browser")
    both_newer_in_browser, both_newer_in_account, only_browser = make_question(), make_question(), make_question()
    day = timezone.now() - timedelta(days=10)
    review(account, both_newer_in_browser, Rating.AGAIN, seen_reps=0, now=day)
    review(browser, both_newer_in_browser, Rating.EASY, seen_reps=0, now=day + timedelta(days=1))
    review(browser, both_newer_in_account, Rating.EASY, seen_reps=0, now=day)
    review(account, both_newer_in_account, Rating.AGAIN, seen_reps=0, now=day + timedelta(days=1))
    review(browser, only_browser, Rating.GOOD, seen_reps=0, now=day)

    merge_learner(browser, account)

    states = {s.question_id: s for s in CardState.objects.all()}
    assert len(states) == 3 and all(s.learner_id == account.pk for s in states.values())
    assert states[both_newer_in_browser.pk].last_review == day + timedelta(days=1)  # the browser's Easy
    assert states[both_newer_in_account.pk].last_review == day + timedelta(days=1)  # the account's Again
    assert ReviewLog.objects.filter(learner=account).count() == 5 == ReviewLog.objects.count()
