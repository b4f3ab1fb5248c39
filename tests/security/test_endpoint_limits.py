"""Limits on expensive or row-creating endpoints (issue 19.1/19 abuse): sign-up, attempt starts
(anonymous too, page and API) and deck downloads answer 429 with a translated message and
Retry-After once over their limit, and do nothing then; anonymous attempts are purged after N days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Attempt
from tests.factories import curated, make_picked_deck

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    settings.ENDPOINT_LIMITS = {"signup": (2, 3600), "start": (3, 600), "download": (2, 600)}


def _signup(client: Client, name: str):
    return client.post(
        "/accounts/signup/",
        {"username": name, "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )


def _refused(response, *, seconds: int) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= seconds


def test_signing_up_from_one_address_stops_at_the_limit_and_makes_no_account(tight_limits, db):
    for name in ("ann", "bob"):
        assert _signup(Client(), name).status_code == 302
    refused = _signup(Client(), "cat")
    _refused(refused, seconds=3600)
    assert "Too many requests of this kind just now" in refused.content.decode()
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == ["ann", "bob"]


def test_the_limit_message_is_in_chinese_for_a_chinese_interface(tight_limits, db):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for name in ("ann", "bob"):
        _signup(client, name)
        client.cookies.clear()
    assert "请求过于频繁" in _signup(client, "cat").content.decode()


def test_anonymous_attempt_starts_are_limited_per_address_on_the_page_and_the_api(tight_limits, six_types):
    quiz = curated(six_types)
    for _ in range(3):  # three different browsers (no cookies shared), one address
        assert Client().post(f"/quizzes/{quiz.slug}/start/").status_code == 302
    _refused(Client().post(f"/quizzes/{quiz.slug}/start/"), seconds=600)
    api = Client().post("/api/v1/attempts/", {"quiz": quiz.slug}, content_type="application/json")
    _refused(api, seconds=600)
    assert api.json()["code"] == "throttled" and api.json()["retry_after"] > 0
    assert Attempt.objects.count() == 3 and Learner.objects.count() == 3


def test_a_logged_in_learner_has_a_budget_of_their_own(tight_limits, six_types, learner):
    quiz = curated(six_types)
    for _ in range(3):
        Client().post(f"/quizzes/{quiz.slug}/start/")
    client = Client()
    client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
    assert client.post(f"/quizzes/{quiz.slug}/start/").status_code == 302


def test_deck_downloads_are_limited_but_asking_whether_one_is_ready_is_not(tight_limits, six_types):
    deck = make_picked_deck(six_types)
    client = Client()
    for _ in range(2):
        response = client.get(f"/decks/{deck.slug}/anki.apkg")
        assert response.status_code == 200 and response["Content-Type"] == "application/apkg"
    _refused(client.get(f"/decks/{deck.slug}/anki.apkg"), seconds=600)
    _refused(client.get(f"/api/v1/decks/{deck.slug}/apkg/"), seconds=600)


def test_purging_deletes_old_anonymous_attempts_and_empty_learners_but_never_an_accounts(six_types, learner):
    quiz = curated(six_types)
    Client().post(f"/quizzes/{quiz.slug}/start/")  # anonymous, will be old
    Client().post(f"/quizzes/{quiz.slug}/start/")  # anonymous, recent
    member = Client()
    member.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
    member.post(f"/quizzes/{quiz.slug}/start/")  # an account's, will be old
    old_anonymous, recent_anonymous = Attempt.objects.filter(learner__user__isnull=True).order_by("pk")
    long_ago = timezone.now() - timedelta(days=40)
    Attempt.objects.exclude(pk=recent_anonymous.pk).update(started_at=long_ago)
    Learner.objects.update(created_at=long_ago)

    call_command("purge_anonymous_attempts", "--days", "30")

    assert set(Attempt.objects.values_list("pk", flat=True)) == {
        recent_anonymous.pk,
        Attempt.objects.get(learner__user=learner).pk,
    }
    assert not Learner.objects.filter(pk=old_anonymous.learner_id).exists()
    assert Learner.objects.filter(pk=recent_anonymous.learner_id).exists()
