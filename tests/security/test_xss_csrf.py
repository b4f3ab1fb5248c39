"""Authored text containing markup is shown as text everywhere; every POST needs its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.library.models import Choice, QuestionType
from quizapp.quizzes.models import Attempt
from tests.factories import curated, make_article, make_fact, make_question, wrong_answer

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def poisoned(db):
    """An article, fact and one question of each type whose every authored field carries markup."""
    article = make_article(f"第一段{EVIL}：2023年研发投入211.9亿元。\n\n第二段。", title=f"标题{EVIL}")
    fact = make_fact(article, quote=f"第一段{EVIL}", restatement=f"复述{EVIL}")
    questions = []
    for kind in QuestionType.values:
        overrides = {"prompt": f"题目{EVIL}", "explanation": f"解释{EVIL}"}
        if kind == QuestionType.CLOZE:
            overrides["prompt"] = f"题目{EVIL}{{{{c1::211.9亿元}}}}"
        if kind == QuestionType.SHORT_ANSWER:
            overrides["accepted_answers"] = [f"答{EVIL}"]
        questions.append(make_question(fact, kind, **overrides))
    Choice.objects.filter(question__in=questions).update(feedback=f"反馈{EVIL}")
    Choice.objects.filter(question__in=questions, order=0).update(text=f"选项{EVIL}")
    return article, fact, questions


def _assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", ""), where
    assert ESCAPED in html, where


def test_authored_markup_is_escaped_on_every_learner_page_and_partial(client, poisoned):
    article, fact, questions = poisoned
    quiz = curated(questions)
    _assert_escaped(client.get("/articles/").content.decode(), "article list")
    _assert_escaped(client.get(f"{fact.source_url()}").content.decode(), "reader with highlight")
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    for question in questions:
        card = client.get(f"/attempts/{attempt.pk}/", HTTP_HX_REQUEST="true").content.decode()
        _assert_escaped(card, f"question card {question.type}")
        feedback = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(question), HTTP_HX_REQUEST="true")
        _assert_escaped(feedback.content.decode(), f"feedback {question.type}")
    _assert_escaped(client.get(f"/attempts/{attempt.pk}/results/").content.decode(), "results")
    _assert_escaped(client.get("/me/").content.decode(), "dashboard")


def test_authored_markup_is_escaped_in_the_admin_preview(client, poisoned, editor):
    _, _, questions = poisoned
    client.force_login(editor)
    page = client.get(f"/admin/library/question/{questions[0].pk}/change/").content.decode()
    assert "<script>alert" not in page


def test_api_returns_markup_as_json_data_not_html(client, poisoned):
    article, _, _ = poisoned
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == f"标题{EVIL}"  # data, exactly as written; never rendered as HTML


POST_URLS = [
    "/quizzes/{quiz}/start/", "/attempts/{attempt}/answer/", "/attempts/{attempt}/finish/",
    "/attempts/{attempt}/retry/", "/script/", "/i18n/setlang/", "/accounts/signup/", "/accounts/login/",
    "/accounts/logout/",
]  # fmt: skip


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("template", POST_URLS)
def test_every_browser_post_is_refused_without_a_csrf_token(six_types, template, htmx):
    quiz = curated(six_types)
    owner = Client()
    owner.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = owner.cookies  # the same browser, but the form lacks the token
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = template.format(quiz=quiz.slug, attempt=attempt.pk)
    response = strict.post(url, {"question": six_types[0].pk, "choice": 1, "script": "zh-Hans"}, **headers)
    assert response.status_code == 403, url
    attempt.refresh_from_db()
    assert attempt.position == 0 and attempt.finished_at is None


def test_bad_input_on_learner_forms_is_4xx_never_500(six_types):
    quiz = curated(six_types)
    client = Client(raise_request_exception=False)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    junk = ["", "abc", "-1", "9" * 40, "1e9", "\x00", "<script>", "１２", "null", "[]"]
    for value in junk:
        for field in ("question", "choice", "choices", "answer", "blank", "text", "elapsed_ms"):
            data = {"question": six_types[0].pk, field: value}
            response = client.post(f"/attempts/{attempt.pk}/answer/", data, HTTP_HX_REQUEST="true")
            assert response.status_code < 500, (field, value, response.status_code)
    for url in (f"/attempts/{'9' * 30}/", "/quizzes/%00/", "/articles/99999999999999999999/", "/articles/?hl=%00"):
        assert client.get(url).status_code < 500, url
    assert client.post("/script/", {"script": "\x00" * 10000}).status_code == 400
    attempt.refresh_from_db()
    assert attempt.answers.count() <= 1  # only a well-formed answer may have been stored
