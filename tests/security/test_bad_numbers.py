"""Every input path total: ids and numbers a learner's browser sends are read by one parser
(quizapp/params.py), so Unicode digits, overflow and NUL bytes are a clear 400 — never a 500, and
never a lost answer."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.quizzes.models import Answer, Attempt
from tests.factories import curated, make_picked_deck, right_answer

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["¹", "²", "４", "99999999999999999999999", "1\x00", "-1", "1e3", " "]


@pytest.fixture
def started(six_types):
    """A learner with an open practice attempt on the six questions, a deck of them and its article."""
    client = Client(raise_request_exception=False)
    quiz = curated(six_types)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    deck = make_picked_deck(six_types)
    return client, attempt, deck, six_types


def _learner_requests(attempt, deck, fact, value):
    """(method, url, data) for every learner URL that reads an id or a number from the request."""
    return [
        ("get", f"{attempt.get_absolute_url()}?after={value}", None),
        ("get", f"/articles/{fact.article_id}/?hl={value}", None),
        ("get", f"{deck.get_study_url()}?card={value}&side=back", None),
        ("get", f"/decks/{deck.slug}/?page={value}", None),
        ("post", f"/attempts/{attempt.pk}/answer/", {"question": value, "text": "x"}),
        ("post", f"/study/{deck.slug}/review/", {"question": value, "reps": "0", "rating": "3"}),
        ("post", f"/study/{deck.slug}/review/", {"question": "1", "reps": value, "rating": "3"}),
        ("get", f"/api/v1/facts/?article={value}", None),
        ("get", f"/api/v1/questions/?fact={value}", None),
        ("get", f"/api/v1/study/{deck.slug}/due/?limit={value}", None),
        ("get", f"/export/csv?article={value}", None),
    ]


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
def test_every_learner_url_answers_a_bad_number_with_a_4xx_that_says_so(started, value):
    client, attempt, deck, questions = started
    for method, url, data in _learner_requests(attempt, deck, questions[0].fact, value):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code < 500, (url, data, response.status_code)
        if response.status_code == 400:
            assert response.content.strip(), (url, "a 400 says what was wrong")


@pytest.mark.parametrize("value", ["¹", "²", "４", "99999999999999999999"])
def test_a_bad_id_in_the_page_views_is_a_400_naming_the_parameter(started, value):
    client, attempt, deck, questions = started
    fact = questions[0].fact
    for url, name in [
        (f"{attempt.get_absolute_url()}?after={value}", "after"),
        (f"/articles/{fact.article_id}/?hl={value}", "hl"),
        (f"{deck.get_study_url()}?card={value}&side=back", "card"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert f"“{name}”" in response.content.decode(), response.content.decode()


@pytest.mark.parametrize("elapsed", ["99999999999", "³", "９", "-5", "1\x00", "x" * 5000])
def test_a_bad_elapsed_time_never_loses_the_answer(started, elapsed):
    client, attempt, _deck, questions = started
    question = questions[0]
    response = client.post(f"/attempts/{attempt.pk}/answer/", {**right_answer(question), "elapsed_ms": elapsed})
    assert response.status_code == 302
    stored = Answer.objects.get(attempt=attempt, question=question)
    assert stored.is_correct
    assert stored.time_taken_ms is None or 0 <= stored.time_taken_ms <= 2**31 - 1


def test_a_huge_elapsed_time_is_kept_clamped_to_the_column(started):
    client, attempt, _deck, questions = started
    client.post(f"/attempts/{attempt.pk}/answer/", {**right_answer(questions[0]), "elapsed_ms": "99999999999"})
    assert Answer.objects.get(attempt=attempt).time_taken_ms == 2**31 - 1


def test_the_api_keeps_the_answer_when_elapsed_time_overflows(started):
    client, attempt, _deck, questions = started
    question = questions[0]
    body = {**right_answer(question), "elapsed_ms": 99999999999}
    response = client.post(f"/api/v1/attempts/{attempt.pk}/answer/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Answer.objects.get(attempt=attempt, question=question).time_taken_ms == 2**31 - 1


@pytest.mark.parametrize("text", ["韩\x00歆毅", "\x00"])
def test_a_nul_byte_in_a_typed_answer_is_a_clear_4xx_or_stripped(started, text):
    client, attempt, _deck, questions = started
    short = next(q for q in questions if q.type == "short_answer")
    for earlier in questions[: questions.index(short)]:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(earlier))
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": short.pk, "text": text})
    stored = Answer.objects.filter(attempt=attempt, question=short).first()
    if text == "\x00":  # nothing left to grade: the question comes back asking for an answer
        assert response.status_code == 422 and stored is None
        assert "Type your answer." in response.content.decode()
    else:
        assert response.status_code == 302 and stored.is_correct and "\x00" not in str(stored.response)
