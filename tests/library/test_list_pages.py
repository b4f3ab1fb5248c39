"""Pages that list articles, or show a question's source, never read an article's body (tens of kB each)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

BODY_COLUMN = '"library_article"."body"'


def body_reads(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries if BODY_COLUMN in q["sql"]]


@pytest.mark.parametrize("url", ["/", "/articles/", "/decks/", "/decks/all/", "/api/v1/articles/", "/api/v1/facts/"])
def test_learner_pages_and_api_lists_leave_article_bodies_unread(client, bank, url):
    assert body_reads(client, url) == []


def test_the_reader_builds_an_article_from_its_paragraphs_alone(client, bank):
    article = bank["002_aec1c1457b9d3803.txt"]
    assert body_reads(client, article.get_absolute_url()) == []


@pytest.mark.parametrize("url", ["/admin/library/article/", "/admin/library/fact/", "/admin/library/question/"])
def test_authoring_lists_leave_article_bodies_unread(client, editor, bank, url):
    client.force_login(editor)
    assert body_reads(client, url) == []


def test_the_question_api_leaves_article_bodies_unread(client, editor, bank):
    client.force_login(editor)  # staff see the answer key, with its source
    assert body_reads(client, "/api/v1/questions/") == []


def test_the_article_filter_still_lists_and_filters_by_article(client, editor, bank):
    article = bank["002_aec1c1457b9d3803.txt"]
    client.force_login(editor)
    page = client.get("/admin/library/question/").content.decode()
    assert f"?fact__article__id__exact={article.pk}" in page and article.title in page
    response = client.get(f"/admin/library/question/?fact__article__id__exact={article.pk}")
    shown = {q.fact.article_id for q in response.context["cl"].result_list}
    assert shown == {article.pk}


def test_writing_a_question_through_the_api_leaves_article_bodies_unread(client, editor, bank):
    fact = bank["002_aec1c1457b9d3803.txt"].facts.first()
    client.force_login(editor)
    question = {
        "fact": fact.pk, "type": "single_choice", "prompt": "哪一个？", "explanation": "因为。",
        "choices": [{"text": "甲", "is_correct": True}, {"text": "乙"}, {"text": "丙"}],
    }  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/questions/", question, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["answer_key"]["source"]["fact"] == fact.pk
    assert [q["sql"] for q in queries.captured_queries if BODY_COLUMN in q["sql"]] == []


def test_a_quiz_page_and_the_dashboard_of_a_learner_with_mistakes_leave_bodies_unread(client, learner, bank):
    from quizapp.library.models import Question, QuestionType
    from quizapp.quizzes.models import Attempt, Quiz
    from tests.factories import curated, wrong_answer

    quiz = Quiz.objects.filter(article__isnull=False).first()
    client.force_login(learner)
    assert body_reads(client, quiz.get_absolute_url()) == []
    # One true/false question, so the wrong answer is a valid one whatever the draw.
    question = Question.objects.live().filter(type=QuestionType.TRUE_FALSE).first()
    client.post(f"{curated([question]).get_absolute_url()}start/")
    attempt = Attempt.objects.get()
    client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(question))
    assert attempt.answers.filter(is_correct=False).count() == 1  # the dashboard now lists a weak fact
    assert body_reads(client, "/me/") == []
