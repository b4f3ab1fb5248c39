"""Issue 19.4: an author's change to live content is a proposal an editor approves or rejects; the
published version stays meanwhile, and what an editor approves goes through the normal save with
history naming the proposal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.library.models import Choice, Fact, Question, Status
from quizapp.proposals.models import Proposal, ProposalStatus
from tests.factories import curated, make_fact, make_question, make_user
from tests.proposals.helpers import fact_form, logged_in, prompt_a_learner_meets, propose_url, question_form

pytestmark = pytest.mark.django_db

OLD_PROMPT = "2023年蚂蚁集团研发投入是多少？"
NEW_PROMPT = "据ESG报告，蚂蚁集团2023年的研发投入是多少？"


def propose_prompt(author, question, **extra) -> Proposal:
    response = logged_in(author).post(
        propose_url(question), question_form(question, prompt=NEW_PROMPT, comment="问得更清楚", **extra)
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    return proposal


def test_a_proposal_leaves_the_live_question_until_an_editor_approves_it(author, editor):
    question = make_question()  # published, on the default fact
    quiz = curated([question])
    page = logged_in(author).get(reverse("admin:library_question_change", args=[question.pk])).content.decode()
    assert 'name="prompt"' not in page and propose_url(question) in page  # read-only, with the way to propose
    assert 'name="prompt"' in logged_in(author).get(propose_url(question)).content.decode()

    proposal = propose_prompt(author, question, choices={1: {"text": "210亿元"}})
    assert (proposal.status, proposal.proposed_by, proposal.comment) == (ProposalStatus.PENDING, author, "问得更清楚")
    assert Question.objects.get(pk=question.pk).prompt == OLD_PROMPT
    assert not Choice.objects.filter(text="210亿元").exists()
    learners_page = prompt_a_learner_meets(quiz)
    assert OLD_PROMPT in learners_page and NEW_PROMPT not in learners_page

    assert "1 change proposal waits for an editor" in logged_in(editor).get("/admin/").content.decode()
    assert "1 of your change proposals waits" in logged_in(author).get("/admin/").content.decode()
    panel = logged_in(editor).get(reverse("admin:library_question_change", args=[question.pk])).content.decode()
    assert OLD_PROMPT in panel and NEW_PROMPT in panel and "200亿元" in panel and "210亿元" in panel  # old → new
    assert reverse("admin:proposals_proposal_approve", args=[proposal.pk]) in panel

    response = logged_in(editor).post(reverse("admin:proposals_proposal_approve", args=[proposal.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt == NEW_PROMPT and question.status == Status.PUBLISHED
    assert question.choices.filter(text="210亿元").exists() and not question.choices.filter(text="200亿元").exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.APPROVED, editor)
    learners_page = prompt_a_learner_meets(quiz)
    assert NEW_PROMPT in learners_page and OLD_PROMPT not in learners_page
    assert "waits for an editor" not in logged_in(editor).get("/admin/").content.decode()

    # History keeps both versions; the new one names the proposal, its author and the editor.
    records = list(question.history.order_by("-history_date", "-history_id"))
    assert records[0].prompt == NEW_PROMPT and records[0].history_user == editor
    assert records[0].history_change_reason == f"proposal #{proposal.pk} by alice approved by erin"
    assert any(r.prompt == OLD_PROMPT for r in records[1:])
    choice = Choice.history.filter(text="210亿元").get()
    assert choice.history_change_reason == records[0].history_change_reason


def test_a_rejected_proposal_keeps_the_live_question_and_the_author_reads_why(author, editor):
    question = make_question()
    proposal = propose_prompt(author, question)
    reject = reverse("admin:proposals_proposal_reject", args=[proposal.pk])
    logged_in(editor).post(reject, {"reason": ""})  # a rejection needs a reason
    assert Proposal.objects.get().status == ProposalStatus.PENDING
    logged_in(editor).post(reject, {"reason": "原来的问法更贴近原文"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason, proposal.decided_by) == (
        ProposalStatus.REJECTED,
        "原来的问法更贴近原文",
        editor,
    )
    assert Question.objects.get(pk=question.pk).prompt == OLD_PROMPT
    for page in (proposal.get_absolute_url(), reverse("admin:library_question_change", args=[question.pk])):
        assert "原来的问法更贴近原文" in logged_in(author).get(page).content.decode()
    # Decided: approving it now changes nothing.
    logged_in(editor).post(reverse("admin:proposals_proposal_approve", args=[proposal.pk]))
    assert Question.objects.get(pk=question.pk).prompt == OLD_PROMPT


def test_an_invalid_proposal_is_refused_with_the_forms_errors_and_nothing_is_stored(author):
    question = make_question()
    response = logged_in(author).post(
        propose_url(question), question_form(question, prompt=NEW_PROMPT, choices={1: {"is_correct": "on"}})
    )
    assert response.status_code == 200
    assert "needs exactly one correct choice" in response.content.decode()
    assert not Proposal.objects.exists() and Question.objects.get(pk=question.pk).prompt == OLD_PROMPT


def test_a_proposal_against_a_version_changed_since_asks_the_editor_to_look_again(author, editor):
    question = make_question()
    proposal = propose_prompt(author, question)
    question.refresh_from_db()
    question.explanation = "编辑在此期间改了解释：2023年研发投入211.9亿元。"
    question.save()
    detail = logged_in(editor).get(proposal.get_absolute_url()).content.decode()
    assert "saved after this proposal was made" in detail and 'name="looked_again"' in detail

    approve = reverse("admin:proposals_proposal_approve", args=[proposal.pk])
    logged_in(editor).post(approve)
    assert Question.objects.get(pk=question.pk).prompt == OLD_PROMPT
    assert Proposal.objects.get().status == ProposalStatus.PENDING
    logged_in(editor).post(approve, {"looked_again": "1"})
    question.refresh_from_db()
    assert question.prompt == NEW_PROMPT and question.explanation.startswith("编辑在此期间")


def test_nobody_approves_their_own_proposal(author, editor):
    question = make_question()
    proposal = propose_prompt(author, question)
    approve = reverse("admin:proposals_proposal_approve", args=[proposal.pk])
    assert logged_in(author).post(approve).status_code == 403
    assert Proposal.objects.get().status == ProposalStatus.PENDING

    # An editor may ask for a second pair of eyes, and then cannot approve it either.
    Proposal.objects.all().delete()
    own = propose_prompt(editor, question)
    assert logged_in(editor).post(reverse("admin:proposals_proposal_approve", args=[own.pk])).status_code == 403
    assert Question.objects.get(pk=question.pk).prompt == OLD_PROMPT
    other_editor = make_user("emil", staff=True, group="Editors")
    logged_in(other_editor).post(reverse("admin:proposals_proposal_approve", args=[own.pk]))
    assert Question.objects.get(pk=question.pk).prompt == NEW_PROMPT


def test_an_author_withdraws_and_sees_only_their_own_proposals(author, editor):
    question = make_question()
    proposal = propose_prompt(author, question)
    other_author = make_user("otto", staff=True, group="Authors")
    assert logged_in(other_author).get(proposal.get_absolute_url()).status_code == 404
    assert (
        str(proposal)
        not in logged_in(other_author).get(reverse("admin:proposals_proposal_changelist")).content.decode()
    )
    assert (
        logged_in(other_author).post(reverse("admin:proposals_proposal_withdraw", args=[proposal.pk])).status_code
        == 404
    )

    logged_in(author).post(reverse("admin:proposals_proposal_withdraw", args=[proposal.pk]))
    assert Proposal.objects.get().status == ProposalStatus.WITHDRAWN
    empty = logged_in(editor, "zh-hans").get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert "没有待审的修改建议" in empty


def test_a_change_to_a_fact_behind_published_work_waits_for_an_editor(author, editor):
    fact = make_fact(restatement="原来的说法")
    make_question(fact)  # published
    response = logged_in(author).post(propose_url(fact), fact_form(fact, restatement="新的说法", comment="更准确"))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.fact == fact and Fact.objects.get(pk=fact.pk).restatement == "原来的说法"
    assert "新的说法" in logged_in(editor).get(reverse("admin:library_fact_change", args=[fact.pk])).content.decode()

    logged_in(editor).post(reverse("admin:proposals_proposal_approve", args=[proposal.pk]))
    fact.refresh_from_db()
    assert fact.restatement == "新的说法"
    assert fact.history.latest().history_change_reason == f"proposal #{proposal.pk} by alice approved by erin"


def test_a_fact_proposal_whose_quote_is_not_in_the_article_is_refused(author):
    fact = make_fact()
    make_question(fact)
    response = logged_in(author).post(propose_url(fact), fact_form(fact, quote="文章里没有这句话"))
    assert response.status_code == 200 and "This quote is not in the article" in response.content.decode()
    assert not Proposal.objects.exists()


def test_no_proposal_on_a_draft_or_by_a_learner(author, learner):
    draft = make_question(status=Status.DRAFT, author=make_user("otto", staff=True, group="Authors"))
    assert logged_in(author).post(propose_url(draft), question_form(draft, prompt=NEW_PROMPT)).status_code == 403
    published = make_question()
    assert logged_in(learner).get(propose_url(published)).status_code == 302  # to the log-in page
    assert not Proposal.objects.exists()
