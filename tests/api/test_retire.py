"""Issue 19.5 through the API: DELETE of a question learners met is a 409 that says to retire it;
editors retire with `status: retired`; PATCH keeps choices by id and never drops a picked one."""

from __future__ import annotations

import pytest

from quizapp.library.models import Choice, Question, Status
from quizapp.quizzes.models import Answer
from tests.api.helpers import assert_error
from tests.factories import curated, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return make_question()


@pytest.fixture
def answered(as_learner, question) -> Answer:
    """A learner answers through the API, picking the wrong choice 「200亿元」."""
    attempt = as_learner.post(f"/api/v1/quizzes/{curated([question]).slug}/attempts/").json()
    choice = question.choices.get(text="200亿元")
    data = {"question": question.pk, "choice": choice.pk}
    assert as_learner.post(f"/api/v1/attempts/{attempt['id']}/answer/", data, format="json").status_code == 201
    return Answer.objects.get()


def url(question) -> str:
    return f"/api/v1/questions/{question.pk}/"


def choices_of(question) -> list[dict]:
    return [{"id": c.pk, "text": c.text, "is_correct": c.is_correct} for c in question.choices.all()]


def test_delete_of_an_answered_question_is_409_pointing_to_retire(as_editor, question, answered):
    body = assert_error(as_editor.delete(url(question)), 409)
    assert "cannot be deleted" in body["error"] and "Retire it instead" in body["error"]
    assert Question.objects.filter(pk=question.pk).exists() and Answer.objects.filter(pk=answered.pk).exists()


def test_delete_message_is_translated(as_editor, question, answered):
    body = assert_error(as_editor.delete(url(question), HTTP_ACCEPT_LANGUAGE="zh-hans"), 409)
    assert "停用" in body["error"]


def test_editor_deletes_a_question_nobody_met(as_editor, question):
    assert as_editor.delete(url(question)).status_code == 204
    assert not Question.objects.filter(pk=question.pk).exists()


def test_author_deletes_own_draft_but_not_others_work(as_author, author):
    own = make_question(status=Status.DRAFT, author=author)
    others = make_question(status=Status.DRAFT, prompt="别人的草稿？")
    assert as_author.delete(url(own)).status_code == 204
    body = assert_error(as_author.delete(url(others)), 403)
    assert "own drafts" in body["error"]
    assert Question.objects.filter(pk=others.pk).exists()


def test_learner_cannot_delete(as_learner, question):
    assert_error(as_learner.delete(url(question)), 403)
    assert Question.objects.filter(pk=question.pk).exists()


def test_editor_retires_and_restores_through_status(as_editor, as_learner, question, answered):
    retired = as_editor.patch(url(question), {"status": "retired"}, format="json")
    assert retired.status_code == 200 and retired.json()["status"] == "retired"
    assert question.pk not in [q["id"] for q in as_learner.get("/api/v1/questions/").json()["results"]]
    assert_error(as_learner.get(url(question)), 404)
    listed = as_editor.get("/api/v1/questions/", {"status": "retired"}).json()["results"]
    assert [q["id"] for q in listed] == [question.pk]
    # Back to learners only through review.
    body = assert_error(as_editor.patch(url(question), {"status": "published"}, format="json"), 403)
    assert "through review" in body["error"]
    assert as_editor.patch(url(question), {"status": "review"}, format="json").json()["status"] == "review"


def test_author_cannot_retire(as_author, author):
    own = make_question(status=Status.DRAFT, author=author)
    body = assert_error(as_author.patch(url(own), {"status": "retired"}, format="json"), 403)
    assert "Only editors retire" in body["error"]
    own.refresh_from_db()
    assert own.status == Status.DRAFT


def test_patch_with_ids_keeps_every_choice_through_a_reorder_and_a_correction(as_editor, question, answered):
    sent = choices_of(question)[::-1]
    sent[0]["text"] = "100.0亿元"  # corrected in place
    response = as_editor.patch(url(question), {"choices": sent}, format="json")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["choices"]] == [c["id"] for c in sent]
    assert Choice.objects.get(pk=answered.response).text == "200亿元"


def test_patch_leaving_out_a_picked_choice_is_400_and_changes_nothing(as_editor, question, answered):
    before = choices_of(question)
    sent = [c for c in before if c["id"] != answered.response] + [{"text": "300亿元", "is_correct": False}]
    body = assert_error(as_editor.patch(url(question), {"choices": sent}, format="json"), 400, "choices")
    assert "「200亿元」 was picked" in body["fields"]["choices"][0]
    assert choices_of(question) == before


def test_patch_replacing_every_choice_without_ids_is_refused_once_answered(as_editor, question, answered):
    sent = [{"text": c.text, "is_correct": c.is_correct} for c in question.choices.all()]
    assert_error(as_editor.patch(url(question), {"choices": sent}, format="json"), 400, "choices")
    assert Choice.objects.filter(pk=answered.response).exists()


def test_patch_may_drop_a_choice_nobody_picked(as_editor, question, answered):
    sent = [c for c in choices_of(question) if c["text"] != "100亿元"]
    assert as_editor.patch(url(question), {"choices": sent}, format="json").status_code == 200
    assert sorted(question.choices.values_list("text", flat=True)) == ["150亿元", "200亿元", "211.9亿元"]
