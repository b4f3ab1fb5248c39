"""The learner's side (issue 15, point 4): weakest facts ranked by marks lost, and a practice attempt
of published questions from them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from quizapp.library.models import QuestionType, Status
from quizapp.quizzes.models import Attempt, Mode
from tests.factories import curated, make_fact, make_question

pytestmark = pytest.mark.django_db


def _answer(client, quiz, answers: list[tuple[object, str]]) -> None:
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    for question, value in answers:
        client.post(f"/attempts/{attempt.pk}/answer/", {"question": question.pk, "answer": value})


@pytest.fixture
def history(client):
    """Fact B: two wrong (2 marks lost); fact A: one wrong, one right (1 lost); fact C: right (none)."""
    a, b, c = (make_fact(quote=q) for q in ("2023年研发投入211.9亿元", "第二段：用户超过10亿", "第一段"))
    a1, a2, b1, b2, c1 = (make_question(f, QuestionType.TRUE_FALSE) for f in (a, a, b, b, c))
    a3 = make_question(a, QuestionType.TRUE_FALSE)  # not answered yet
    draft = make_question(b, QuestionType.TRUE_FALSE, status=Status.DRAFT)
    quiz = curated([a1, a2, b1, b2, c1])
    _answer(client, quiz, [(a1, "false"), (a2, "true"), (b1, "false"), (b2, "false"), (c1, "true")])
    return {"facts": (a, b, c), "questions": (a1, a2, a3, b1, b2, c1), "draft": draft}


def test_the_dashboard_ranks_facts_by_marks_lost(client, history):
    a, b, c = history["facts"]
    html = client.get("/me/").content.decode()
    assert html.index(f"「{b.quote}」") < html.index(f"「{a.quote}」") and f"「{c.quote}」" not in html
    assert "2 wrong of 2" in html and "1 wrong of 2" in html
    assert 'action="/me/weak-facts/"' in html


def test_practising_weak_facts_starts_an_attempt_of_their_published_questions(client, history):
    a1, a2, a3, b1, b2, _c1 = history["questions"]
    response = client.post("/me/weak-facts/")
    attempt = Attempt.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == attempt.get_absolute_url()
    # the ones answered wrong first (weakest fact first), then the rest of those facts; no draft, no fact C
    assert attempt.question_ids == [b1.pk, b2.pk, a1.pk, a2.pk, a3.pk]
    assert attempt.mode == Mode.PRACTICE and attempt.learner == Attempt.objects.earliest("pk").learner


def test_with_no_mistakes_there_is_nothing_to_practise(client, db):
    response = client.post("/me/weak-facts/", follow=True)
    assert not Attempt.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "No weak facts to practise yet: answer a few quizzes first."
    ]


def test_practising_needs_a_post(client, history):
    assert client.get("/me/weak-facts/").status_code == 405
