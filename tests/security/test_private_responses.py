"""Per-learner responses carry `Cache-Control: private, no-store` (issue 19.8): no shared cache keeps
a learner's attempts, answers or cards, and the browser keeps no copy after log-out. Responses the
same for everyone (/healthz) are left alone."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from quizapp.quizzes.models import Attempt
from tests.factories import curated, make_picked_deck, right_answer

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def learner_pages(six_types, learner):
    """A logged-in learner who has answered a question and reviewed a card; every page that shows
    them something of theirs."""
    client = Client()
    client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
    quiz = curated(six_types)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    deck = make_picked_deck(six_types)
    client.post(f"/study/{deck.slug}/review/", {"question": six_types[0].pk, "reps": 0, "rating": 3})
    fact = six_types[0].fact
    urls = [
        "/", f"/quizzes/{quiz.slug}/", attempt.get_absolute_url(),
        f"{attempt.get_absolute_url()}?after={six_types[0].pk}",
        "/me/", "/study/", deck.get_study_url(), "/decks/", f"/decks/{deck.slug}/", "/articles/",
        f"/articles/{fact.article_id}/?hl={fact.pk}", "/api/v1/attempts/", f"/api/v1/attempts/{attempt.pk}/",
        "/api/v1/cards/", f"/api/v1/study/{deck.slug}/due/", f"/api/v1/questions/{six_types[0].pk}/",
    ]  # fmt: skip
    return client, urls


def test_every_page_and_api_answer_for_a_logged_in_learner_is_private_and_not_stored(learner_pages):
    client, urls = learner_pages
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), (url, response.get("Cache-Control"))


def test_an_anonymous_learners_pages_are_private_too(six_types):
    client = Client()
    quiz = curated(six_types)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    for url in ("/", attempt.get_absolute_url(), "/api/v1/attempts/", "/me/"):
        assert _private(client.get(url)), url


def test_answers_to_a_post_are_private(learner_pages):
    client, _urls = learner_pages
    response = client.post("/api/v1/attempts/", {"quiz": "curated"}, content_type="application/json")
    assert response.status_code == 201 and _private(response)


def test_a_token_requests_answers_are_private(learner):
    token = Token.objects.create(user=learner)
    response = Client().get("/api/v1/attempts/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and _private(response)


def test_the_health_check_is_the_same_for_everyone_and_not_marked_private():
    response = Client().get("/healthz")
    assert response.status_code == 200 and not _private(response)
