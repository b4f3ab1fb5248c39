"""Duplicates and clean-up (issue 11.6): the same question twice on a fact is refused with a link to
the first, wherever it is written; authors delete their own drafts, never published work."""

from __future__ import annotations

import io
from copy import deepcopy
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from quizapp.library.models import Question, QuestionType, Status
from quizapp.quizzes.models import Answer, Attempt
from tests.factories import curated, make_fact, make_question, make_user
from tests.library.test_admin_authoring import _question_form

ADD = "/admin/library/question/add/"


def test_admin_refuses_the_same_question_on_the_same_fact_with_a_link(client, author):
    first = make_question(status=Status.DRAFT)
    client.force_login(author)
    # Width, punctuation and script differ; what is asked and expected does not.
    data = _question_form(first, prompt="2023年螞蟻集團研發投入是多少?")
    for i in range(4):
        data.pop(f"choices-{i}-id"), data.pop(f"choices-{i}-question")
    data["choices-INITIAL_FORMS"] = 0
    page = client.post(ADD, data).content.decode()
    assert Question.objects.count() == 1
    assert "The same question is already on this fact" in page and f"/admin/library/question/{first.pk}/change/" in page
    # Another right answer is another question.
    data["choices-0-is_correct"], data["choices-1-is_correct"] = "", "on"
    assert client.post(ADD, data).status_code == 302 and Question.objects.count() == 2


def test_saving_a_question_unchanged_is_not_a_duplicate_of_itself(client, author):
    question = make_question(status=Status.DRAFT)
    client.force_login(author)
    response = client.post(f"/admin/library/question/{question.pk}/change/", _question_form(question))
    assert response.status_code == 302


def test_api_refuses_a_duplicate_with_a_link(client, editor):
    first = make_question(type=QuestionType.SHORT_ANSWER, prompt="谁是CEO？", accepted_answers=["韩歆毅"])
    client.force_login(editor)
    body = {"fact": first.fact_id, "type": "short_answer", "prompt": "谁是 CEO ?", "explanation": "报告。"}
    response = client.post(
        "/api/v1/questions/", {**body, "accepted_answers": ["韓歆毅"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert f"/admin/library/question/{first.pk}/change/" in str(response.json())
    other_fact = make_fact(first.fact.article, quote="用户超过10亿")
    moved = client.post(
        "/api/v1/questions/",
        {**body, "fact": other_fact.pk, "accepted_answers": ["韩歆毅"]},
        content_type="application/json",
    )
    assert moved.status_code == 201, moved.content


def test_load_content_names_a_repeated_question(db, tmp_path, seeds_dir, imported):
    source = Path(__file__).resolve().parents[2] / "content" / "002_aec1c1457b9d3803.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f.get("questions"))
    # A deep copy: shared nested lists would be written as YAML anchors, which the bank refuses.
    copy = dict(deepcopy(fact["questions"][0]), id="00000000-0000-4000-8000-000000000001")
    fact["questions"].append(copy)
    (tmp_path / source.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", str(tmp_path), stdout=io.StringIO(), stderr=errors)
    assert f"question {len(fact['questions'])}: asks the same as question 1" in errors.getvalue()


def delete(client, question):
    return client.post(f"/admin/library/question/{question.pk}/delete/", {"post": "yes"})


def test_authors_delete_their_own_drafts_only(client, author, editor):
    mine = make_question(status=Status.DRAFT, author=author)
    theirs = make_question(status=Status.DRAFT, author=make_user("other", staff=True, group="Authors"))
    sent = make_question(status=Status.REVIEW, author=author)
    live = make_question(status=Status.PUBLISHED, author=author)
    client.force_login(author)
    assert delete(client, mine).status_code == 302
    for kept in (theirs, sent, live):
        assert delete(client, kept).status_code == 403
    assert set(Question.objects.values_list("pk", flat=True)) == {theirs.pk, sent.pk, live.pk}
    client.force_login(editor)
    assert delete(client, theirs).status_code == 302


def test_a_draft_learners_have_answered_is_not_the_authors_to_delete(client, author, learner):
    question = make_question(status=Status.PUBLISHED, author=author)
    attempt = Attempt.start(curated([question]), _learner(learner))
    Answer.objects.create(attempt=attempt, question=question, response={}, is_correct=False, score=0)
    Question.objects.filter(pk=question.pk).update(status=Status.DRAFT)  # an editor sent it back to draft
    client.force_login(author)
    refused = delete(client, question)  # learners met it: retired, never deleted, and an editor retires
    assert refused.status_code == 409 and "Ask an editor to retire it." in refused.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def _learner(user):
    from quizapp.accounts.models import Learner

    return Learner.objects.get_or_create(user=user)[0]
