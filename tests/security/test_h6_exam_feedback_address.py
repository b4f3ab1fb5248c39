"""Issue 19, "Exams leak": the open exam's *own* feedback address. `/attempts/<id>/?after=<qid>` of
an exam the learner still has open rendered the answer's full feedback (right answer, explanation),
although the API withheld it. tests/security/test_exam_stays_closed.py covers a practice attempt on
the same questions; this file asks the exam attempt itself, on the page, as htmx asks it, and after
an htmx answer, and checks the same address does show the feedback once the exam is submitted."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.quizzes.models import Attempt, Mode
from tests.factories import curated, right_answer

pytestmark = pytest.mark.django_db

# Only a card's back, a feedback card and a results row show the explanation (factories.make_question).
EXPLANATION = "再创新高"


@pytest.fixture
def open_exam(six_types):
    client = Client()
    exam = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    assert client.post(f"/quizzes/{exam.slug}/start/").status_code == 302
    return client, Attempt.objects.get(quiz=exam), six_types


def test_the_open_exams_feedback_address_shows_no_answer_until_it_is_submitted(open_exam):
    client, attempt, questions = open_exam
    first, second = questions[0], questions[1]
    plain = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(first))
    assert plain.status_code == 302 and "after=" not in plain["Location"]
    swapped = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(second), HTTP_HX_REQUEST="true")
    assert swapped.status_code in (200, 204) and EXPLANATION not in swapped.content.decode()
    assert attempt.answers.count() == 2  # both answers were taken, only their feedback is held back

    for question in (first, second):
        address = f"{attempt.get_absolute_url()}?after={question.pk}"
        page = client.get(address)
        assert page.status_code == 200 and EXPLANATION not in page.content.decode(), address
        card = client.get(address, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="card")
        assert EXPLANATION not in card.content.decode(), address
    api = client.get(f"/api/v1/attempts/{attempt.pk}/")
    assert api.status_code == 200 and EXPLANATION not in api.content.decode()

    assert client.post(f"/attempts/{attempt.pk}/finish/").status_code == 302
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert EXPLANATION in client.get(f"{attempt.get_absolute_url()}?after={first.pk}").content.decode()


def test_another_browser_cannot_read_the_exams_feedback_address_either(open_exam):
    client, attempt, questions = open_exam
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(questions[0]))
    stranger = Client().get(f"{attempt.get_absolute_url()}?after={questions[0].pk}")
    assert stranger.status_code in (403, 404) and EXPLANATION not in stranger.content.decode()
