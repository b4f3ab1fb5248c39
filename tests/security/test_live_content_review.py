"""Review covers live content (issue 19.4): authors change only their own drafts (questions, and the
facts no one else's or no live work stands on), quiz settings are editors' only — in the admin (a
read-only page saying why, 403 on a POST) and in the API (403 with the reason)."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from quizapp.library.models import Fact, Question, Status
from quizapp.library.permissions import FACT_IN_USE, NOT_YOUR_DRAFT, QUIZZES_FOR_EDITORS
from quizapp.quizzes.models import Quiz
from tests.api.helpers import assert_error, client_for
from tests.factories import curated, make_fact, make_question, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_author(db):
    return make_user("otto", staff=True, group="Authors")


def admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")  # the notes are checked in Chinese
    client.force_login(user)
    return client


def in_chinese(message) -> str:
    with translation.override("zh-hans"):
        return html.escape(str(message))


# ---------------------------------------------------------------- questions


def test_an_author_edits_their_own_draft_but_not_another_authors(author, other_author, editor):
    own = make_question(status=Status.DRAFT, author=author)
    theirs = make_question(status=Status.DRAFT, author=other_author)
    api = client_for(author)
    assert api.patch(f"/api/v1/questions/{own.pk}/", {"prompt": "我的草稿？"}, format="json").status_code == 200
    refused = assert_error(api.patch(f"/api/v1/questions/{theirs.pk}/", {"prompt": "改别人的？"}, format="json"), 403)
    assert "own drafts" in refused["error"]
    assert Question.objects.get(pk=theirs.pk).prompt == theirs.prompt
    assert (
        client_for(editor).patch(f"/api/v1/questions/{theirs.pk}/", {"prompt": "编辑改"}, format="json").status_code
        == 200
    )

    page = admin_client(author)
    url = reverse("admin:library_question_change", args=[theirs.pk])
    assert page.get(url).status_code == 200  # read-only: the author still sees it
    shown = page.get(url).content.decode()
    assert 'name="prompt"' not in shown and in_chinese(NOT_YOUR_DRAFT) in shown  # read-only, and why
    assert page.post(url, {"prompt": "改别人的？"}).status_code == 403
    assert 'name="prompt"' in page.get(reverse("admin:library_question_change", args=[own.pk])).content.decode()


def test_the_api_refusal_is_translated(author, other_author):
    theirs = make_question(status=Status.DRAFT, author=other_author)
    response = client_for(author).patch(
        f"/api/v1/questions/{theirs.pk}/", {"prompt": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 403
    with translation.override("en"):
        english = str(NOT_YOUR_DRAFT)
    assert response.json()["error"] == html.unescape(in_chinese(NOT_YOUR_DRAFT)) != english


# ---------------------------------------------------------------- facts


@pytest.mark.parametrize("blocking", ["published", "review", "other_authors_draft"])
def test_an_author_cannot_change_a_fact_live_or_anothers_work_stands_on(author, other_author, editor, blocking):
    fact = make_fact(restatement="原来的说法")
    make_question(fact, status=Status.DRAFT, author=author)  # the author's own draft never blocks
    if blocking == "other_authors_draft":
        make_question(fact, status=Status.DRAFT, author=other_author)
    else:
        make_question(fact, status=blocking)

    refused = assert_error(
        client_for(author).patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "改了"}, format="json"), 403
    )
    assert "Only an editor changes this fact" in refused["error"]
    page = admin_client(author)
    url = reverse("admin:library_fact_change", args=[fact.pk])
    shown = page.get(url).content.decode()
    assert 'name="restatement"' not in shown and in_chinese(FACT_IN_USE) in shown  # read-only, and why
    assert page.post(url, {"restatement": "改了"}).status_code == 403
    assert Fact.objects.get(pk=fact.pk).restatement == "原来的说法"

    edited = client_for(editor).patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "编辑改的"}, format="json")
    assert edited.status_code == 200 and Fact.objects.get(pk=fact.pk).restatement == "编辑改的"


def test_an_author_changes_a_fact_of_their_own_drafts(author):
    fact = make_fact(restatement="原来的说法")
    make_question(fact, status=Status.DRAFT, author=author)
    make_question(fact, status=Status.DRAFT)  # unclaimed (load_content's), as send-to-review counts it
    response = client_for(author).patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "我改的"}, format="json")
    assert response.status_code == 200 and Fact.objects.get(pk=fact.pk).restatement == "我改的"
    shown = admin_client(author).get(reverse("admin:library_fact_change", args=[fact.pk])).content.decode()
    assert 'name="restatement"' in shown and in_chinese(FACT_IN_USE) not in shown


# ---------------------------------------------------------------- quizzes


def test_quiz_settings_are_editors_only(author, editor):
    quiz = curated([make_question()], pass_mark=60, time_limit_minutes=30)
    page = admin_client(author)
    url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    shown = page.get(url).content.decode()
    assert 'name="pass_mark"' not in shown and 'name="time_limit_minutes"' not in shown
    assert in_chinese(QUIZZES_FOR_EDITORS) in shown
    assert page.post(url, {"pass_mark": 1, "time_limit_minutes": 1, "mode": "exam"}).status_code == 403
    assert page.get(reverse("admin:quizzes_quiz_add")).status_code == 403
    assert Quiz.objects.filter(pk=quiz.pk, pass_mark=60, time_limit_minutes=30).exists()

    editors_page = admin_client(editor).get(url).content.decode()
    assert 'name="pass_mark"' in editors_page and in_chinese(QUIZZES_FOR_EDITORS) not in editors_page
    # The API has no way to write a quiz at all: reading only, for everyone.
    assert client_for(author).patch(f"/api/v1/quizzes/{quiz.slug}/", {"pass_mark": 1}, format="json").status_code in (
        403,
        405,
    )
    assert Quiz.objects.get(pk=quiz.pk).pass_mark == 60
