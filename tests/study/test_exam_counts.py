"""Deck counts agree with what the learner can study: while an exam of theirs is open, its questions
are kept out of the study queue (tests/security/test_exam_stays_closed.py), so the study counts leave
them out too, and the deck pages, which list every published question, say how many of them wait
for the exam to end."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.quizzes.models import Attempt, Mode
from tests.factories import curated, make_picked_deck, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam_on_part_of_a_deck(six_types):
    """A deck of eight questions; this browser has an exam open on six of them."""
    extra = [make_question(six_types[0].fact, prompt=f"另一道题{i}？") for i in range(2)]
    deck = make_picked_deck([*six_types, *extra])
    client = Client()
    exam = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    client.post(f"/quizzes/{exam.slug}/start/")
    return client, Attempt.objects.get(quiz=exam), deck


def _finish(client, attempt) -> None:
    client.post(f"/attempts/{attempt.pk}/finish/")
    attempt.refresh_from_db()
    assert not attempt.is_open


def test_study_counts_leave_out_the_open_exams_questions_until_it_ends(exam_on_part_of_a_deck):
    client, attempt, deck = exam_on_part_of_a_deck
    overview = client.get(f"/api/v1/study/{deck.slug}/").json()["counts"]
    due = client.get(f"/api/v1/study/{deck.slug}/due/").json()
    assert (overview["total"], overview["new"], overview["waiting"], overview["withheld"]) == (2, 2, 2, 6)
    assert due["counts"]["new"] == len(due["cards"]) == 2  # the count is what the queue then serves

    listing = client.get("/study/").content.decode()
    assert "2 cards" in listing and "8 cards" not in listing
    assert "6 more once your open exam is over" in listing
    page = client.get(deck.get_study_url()).content.decode()
    assert "<dd>2</dd>" in page.split('class="count count-new"')[1][:80]
    assert "6 more once your open exam is over" in page

    _finish(client, attempt)
    overview = client.get(f"/api/v1/study/{deck.slug}/").json()["counts"]
    assert (overview["total"], overview["new"], overview["withheld"]) == (8, 8, 0)
    listing = client.get("/study/").content.decode()
    assert "8 cards" in listing and "open exam" not in listing


def test_deck_pages_and_api_say_how_many_questions_wait_for_the_exam(exam_on_part_of_a_deck):
    client, attempt, deck = exam_on_part_of_a_deck
    for url in ("/decks/", deck.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "8 " in page and "6 of them are in the exam you have open" in page, url
    listed = {d["slug"]: d for d in client.get("/api/v1/decks/").json()["results"]}
    assert (listed[deck.slug]["question_count"], listed[deck.slug]["withheld_count"]) == (8, 6)
    one = client.get(f"/api/v1/decks/{deck.slug}/").json()
    assert (one["question_count"], one["withheld_count"]) == (8, 6)
    assert "open exam" not in Client().get("/decks/").content.decode()  # someone else: nothing held
    assert Client().get(f"/api/v1/decks/{deck.slug}/").json()["withheld_count"] == 0

    _finish(client, attempt)
    assert "in the exam you have open" not in client.get("/decks/").content.decode()
    assert client.get(f"/api/v1/decks/{deck.slug}/").json()["withheld_count"] == 0
