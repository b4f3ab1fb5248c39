"""Exams stay closed (issue 19.3): while a learner has an exam open, no page and no API call shows
them the answer of a question in it — the flashcard back, the reader's highlight, the facts, the
questions' answer keys, the feedback and results of a practice quiz on the same questions. One rule
(quizzes.feedback.withheld_question_ids, asked through library.revealed) decides for all of them."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.quizzes.models import Attempt, Mode
from tests.factories import curated, make_picked_deck, right_answer

pytestmark = pytest.mark.django_db

# Only a card's back, a feedback card and a results row show the explanation (factories.make_question).
ANSWER_ONLY_TEXT = "再创新高"


@pytest.fixture
def exam_open(six_types):
    """A learner (this browser) with an open exam on the six questions, who had earlier answered the
    cloze in practice; a deck and a second practice quiz hold the same questions."""
    client = Client()
    cloze = next(q for q in six_types if q.type == "cloze")
    earlier = curated([cloze], slug="earlier")
    client.post(f"/quizzes/{earlier.slug}/start/")
    client.post(f"{Attempt.objects.get().get_absolute_url()}answer/", right_answer(cloze))
    exam = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    client.post(f"/quizzes/{exam.slug}/start/")
    attempt = Attempt.objects.get(quiz=exam)
    return client, attempt, make_picked_deck(six_types), curated(six_types, slug="practice-too"), six_types


def _finish(client, attempt) -> None:
    client.post(f"/attempts/{attempt.pk}/finish/")
    attempt.refresh_from_db()
    assert not attempt.is_open


def test_the_flashcard_back_of_an_exam_question_is_not_shown_until_the_exam_ends(exam_open):
    client, attempt, deck, _practice, questions = exam_open
    back = f"{deck.get_study_url()}?card={questions[3].pk}&side=back"
    for url in (back, deck.get_study_url()):
        page = client.get(url).content.decode()
        assert ANSWER_ONLY_TEXT not in page, url
    assert "in the exam you have open" in client.get(back).content.decode()
    due = client.get(f"/api/v1/study/{deck.slug}/due/").json()
    assert due["cards"] == []

    _finish(client, attempt)
    assert ANSWER_ONLY_TEXT in client.get(back).content.decode()
    assert len(client.get(f"/api/v1/study/{deck.slug}/due/").json()["cards"]) == 6


def test_the_reader_does_not_mark_the_quote_an_open_exam_asks_about(exam_open):
    client, attempt, _deck, _practice, questions = exam_open
    fact = questions[0].fact
    url = f"/articles/{fact.article_id}/?hl={fact.pk}"
    page = client.get(url).content.decode()
    assert 'id="highlight"' not in page
    assert "asked about in the exam you have open" in page
    assert 'id="highlight"' in Client().get(url).content.decode()  # someone without the exam sees it

    _finish(client, attempt)
    assert 'id="highlight"' in client.get(url).content.decode()


def test_the_api_hides_the_facts_and_answer_keys_of_an_open_exam(exam_open):
    client, attempt, _deck, _practice, questions = exam_open
    cloze = questions[3]
    fact_ids = [f["id"] for f in client.get("/api/v1/facts/").json()["results"]]
    assert fact_ids == []
    assert client.get(f"/api/v1/facts/{cloze.fact_id}/").status_code == 404
    # Answered in practice before the exam began, but the exam asks it now.
    assert client.get(f"/api/v1/questions/{cloze.pk}/").json()["answer_key"] is None

    _finish(client, attempt)
    assert [f["id"] for f in client.get("/api/v1/facts/").json()["results"]] == [cloze.fact_id]
    assert client.get(f"/api/v1/questions/{cloze.pk}/").json()["answer_key"] is not None


def test_a_practice_quiz_on_the_same_questions_gives_no_feedback_or_results_during_the_exam(exam_open):
    client, attempt, _deck, practice, questions = exam_open
    client.post(f"/quizzes/{practice.slug}/start/")
    practice_attempt = Attempt.objects.get(quiz=practice)
    first = questions[0]
    response = client.post(f"/attempts/{practice_attempt.pk}/answer/", right_answer(first))
    assert response.status_code == 302 and "after=" not in response["Location"]
    assert (
        ANSWER_ONLY_TEXT not in client.get(f"{practice_attempt.get_absolute_url()}?after={first.pk}").content.decode()
    )
    body = {**right_answer(questions[1])}
    api = client.post(f"/api/v1/attempts/{practice_attempt.pk}/answer/", body, content_type="application/json")
    assert api.status_code == 201 and api.json()["feedback"] is None

    client.post(f"/attempts/{practice_attempt.pk}/finish/")
    results = client.get(f"/attempts/{practice_attempt.pk}/results/", follow=True).content.decode()
    assert ANSWER_ONLY_TEXT not in results and "shown once it is over" in results
    assert client.get(f"/api/v1/attempts/{practice_attempt.pk}/results/").status_code == 409

    _finish(client, attempt)
    assert ANSWER_ONLY_TEXT in client.get(f"/attempts/{practice_attempt.pk}/results/").content.decode()
    assert ANSWER_ONLY_TEXT in client.get(f"{practice_attempt.get_absolute_url()}?after={first.pk}").content.decode()


def test_a_deck_holding_an_exam_question_is_not_downloaded_until_the_exam_ends(exam_open):
    client, attempt, deck, _practice, _questions = exam_open
    page = client.get(f"/decks/{deck.slug}/anki.apkg")
    assert page.status_code == 409 and "exam you have open" in page.content.decode()
    assert client.get(f"/api/v1/decks/{deck.slug}/apkg/").status_code == 409
    assert Client().get(f"/decks/{deck.slug}/anki.apkg").status_code == 200  # someone else downloads it

    _finish(client, attempt)
    assert client.get(f"/decks/{deck.slug}/anki.apkg")["Content-Type"] == "application/apkg"
