"""The proposal pages in zh-Hans hold no English interface string (the catalogue judges, as in
tests/admin/test_admin_in_chinese.py): the propose pages, a pending and a decided proposal, the
list with and without proposals, and the panel on a question's and a fact's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.library.models import Question
from quizapp.proposals.models import Proposal
from tests.admin.test_admin_in_chinese import PO, read_catalogue, untranslated
from tests.factories import make_fact, make_question
from tests.proposals.helpers import fact_form, logged_in, propose_url, question_form

pytestmark = pytest.mark.django_db


def test_proposal_pages_are_chinese(author, editor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    catalogue = read_catalogue(PO)
    fact = make_fact(restatement="研发投入")
    question = make_question(fact)
    as_author, as_editor = logged_in(author, "zh-hans"), logged_in(editor, "zh-hans")
    pages = {"author": [propose_url(question), propose_url(fact)], "editor": []}
    empty = as_editor.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert "没有待审的修改建议" in empty
    as_author.post(propose_url(question), question_form(question, prompt="改过的问题？", comment="更清楚"))
    as_author.post(propose_url(fact), fact_form(fact, restatement="新的说法"))
    first, second = Proposal.objects.order_by("pk")
    Question.objects.filter(pk=question.pk).update(explanation="期间改过：2023年研发投入211.9亿元。")  # stale
    question.save()
    as_editor.post(reverse("admin:proposals_proposal_reject", args=[second.pk]), {"reason": "不需要"})
    pages["editor"] += [
        reverse("admin:proposals_proposal_changelist"),
        reverse("admin:proposals_proposal_changelist") + "?status=all",
        first.get_absolute_url(),
        reverse("admin:library_question_change", args=[question.pk]),
        reverse("admin:library_fact_change", args=[fact.pk]),
    ]
    pages["author"] += [
        first.get_absolute_url(),
        second.get_absolute_url(),
        reverse("admin:proposals_proposal_changelist"),
    ]
    pages["author"].append(reverse("admin:library_question_change", args=[question.pk]))
    panel = as_editor.get(reverse("admin:library_question_change", args=[question.pk])).content.decode()
    assert "修改建议" in panel and "改过的问题？" in panel and "批准并应用" in panel
    data = {"alice", "erin", str(question.uuid), str(fact.uuid)}
    problems = {}
    for who, client in (("author", as_author), ("editor", as_editor)):
        for url in pages[who]:
            response = client.get(url)
            found = untranslated(response.content.decode(), catalogue, data)
            if response.status_code != 200:
                found.append(f"status {response.status_code}")
            if found:
                problems[f"{who} {url}"] = found
    assert problems == {}
