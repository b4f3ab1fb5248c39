"""The editors' statistics endpoint."""

from __future__ import annotations

import pytest

from quizapp.library.models import QuestionType, Status
from quizapp.quizzes.models import Answer
from tests.api.helpers import client_for
from tests.factories import curated, make_question
from tests.stats.answering import new_learner, take, text

pytestmark = pytest.mark.django_db
URL = "/api/v1/question-statistics/"


@pytest.fixture
def slip():
    question = make_question(type=QuestionType.SHORT_ANSWER)
    quiz = curated([question])
    for typed in ("韩欣毅", "韩欣毅", "韩歆毅"):
        take(quiz, new_learner(), text(typed))
    return question


def test_editors_read_a_questions_figures(editor, slip):
    body = client_for(editor).get(f"{URL}{slip.pk}/").json()
    assert body["question"] == slip.pk and body["flags"] == ["probably_right"]
    assert body["basis"]["answers"] == 3 and body["basis"]["facility"] == pytest.approx(1 / 3)
    assert body["basis"]["judged"] is False
    assert body["wrong_answers"] == [{"text": "韩欣毅", "count": 2, "blank": None, "probably_right": "spelling"}]
    assert {(s["scope"], s["mode"]) for s in body["samples"]} >= {("first", "both"), ("all", "exam")}


def test_the_list_filters_to_questions_needing_attention(editor, slip):
    quiet = make_question(type=QuestionType.TRUE_FALSE)
    api = client_for(editor)
    assert {r["question"] for r in api.get(URL).json()["results"]} == {slip.pk, quiet.pk}
    assert [r["question"] for r in api.get(URL, {"attention": "yes"}).json()["results"]] == [slip.pk]


def test_learners_and_visitors_are_refused(learner, slip, client):
    assert client_for(learner).get(URL).status_code == 403
    assert client.get(URL).status_code in (401, 403)


def test_an_editor_accepts_and_the_answers_are_regraded(editor, slip):
    response = client_for(editor).post(f"{URL}{slip.pk}/accept/", {"answer": "韩欣毅"}, format="json")
    assert response.json() == {"answers": 2, "attempts": 2, "accepted_answers": ["韩歆毅", "韩欣毅"]}
    assert Answer.objects.filter(question=slip, is_correct=True).count() == 3


def test_an_author_may_not_accept_on_a_published_question_but_may_on_a_draft(author, slip):
    api = client_for(author)
    assert api.post(f"{URL}{slip.pk}/accept/", {"answer": "韩欣毅"}, format="json").status_code == 403
    slip.status = Status.DRAFT
    slip.save()
    assert api.post(f"{URL}{slip.pk}/accept/", {"answer": "韩欣毅"}, format="json").json()["answers"] == 2


def test_a_numeric_question_has_no_list_to_accept_into(editor):
    numeric = make_question(type=QuestionType.NUMERIC)
    response = client_for(editor).post(f"{URL}{numeric.pk}/accept/", {"answer": "211.9"}, format="json")
    assert response.status_code == 403  # may_accept is false for types without accepted answers
