"""Issue 19, Build point 8: "form answers bounded like the API's". The quiz page and the API read a
submission through one parser (quizzes/responses.py); no test sent either of them an over-long
answer. A typed answer past the bound is refused alike on the page (422, the question again with
the reason) and in the API (400 naming the field), and nothing is stored; at the bound it is graded;
a cloze blank is never stored longer than the bound."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.quizzes.models import Answer, Attempt
from quizapp.quizzes.responses import MAX_TEXT
from tests.factories import curated, make_fact, make_question

pytestmark = pytest.mark.django_db

TOO_LONG_MESSAGE = "That answer is too long"


@pytest.fixture
def typed(db):
    """A browser with a practice attempt on a short-answer and then a cloze question."""
    fact = make_fact()
    short, blanks = make_question(fact, "short_answer"), make_question(fact, "cloze")
    client = Client()
    client.post(f"/quizzes/{curated([short, blanks]).slug}/start/")
    return client, Attempt.objects.get(), short, blanks


def test_an_over_long_typed_answer_is_refused_alike_on_the_page_and_in_the_api(typed):
    client, attempt, short, _ = typed
    page = client.post(f"/attempts/{attempt.pk}/answer/", {"question": short.pk, "text": "韩" * (MAX_TEXT + 1)})
    assert page.status_code == 422 and TOO_LONG_MESSAGE in page.content.decode()
    api = client.post(
        f"/api/v1/attempts/{attempt.pk}/answer/",
        {"question": short.pk, "text": "韩" * (MAX_TEXT + 1)},
        content_type="application/json",
    )
    assert api.status_code == 400 and TOO_LONG_MESSAGE in api.content.decode()
    assert not Answer.objects.exists()

    at_the_bound = client.post(f"/attempts/{attempt.pk}/answer/", {"question": short.pk, "text": "韩" * MAX_TEXT})
    assert at_the_bound.status_code == 302
    stored = Answer.objects.get(question=short)
    assert not stored.is_correct and stored.response == "韩" * MAX_TEXT  # graded, not refused


def test_a_cloze_blank_is_never_stored_longer_than_the_bound(typed):
    client, attempt, short, blanks = typed
    client.post(f"/attempts/{attempt.pk}/answer/", {"question": short.pk, "text": "韩歆毅"})
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": blanks.pk, "blank": "亿" * 100_000})
    assert response.status_code < 500
    stored = Answer.objects.filter(question=blanks).first()
    if stored is not None:  # graded (wrong) from a bounded blank, or refused: never the 100,000 characters
        assert not stored.is_correct and all(len(b) <= MAX_TEXT for b in stored.response)
