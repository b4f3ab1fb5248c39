"""A proposed change in a real Chromium: an author proposes a new prompt for a published question,
learners keep the old one, an editor reads the diff on the question's page and approves it."""

from __future__ import annotations

import pytest

from quizapp.library.models import Question
from quizapp.proposals.models import Proposal, ProposalStatus
from tests.browser.test_authoring_in_browser import log_in
from tests.factories import make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PROMPT = "据ESG报告，蚂蚁集团2023年的研发投入是多少？"


def test_an_author_proposes_and_an_editor_approves(live_server, browser, author, editor, shots):
    question = make_question()  # published
    old_prompt = question.prompt
    base = live_server.url
    errors = []

    author_page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    author_page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(author_page, base, "alice", "pw-alice")
    author_page.goto(f"{base}/admin/library/question/{question.pk}/change/")
    assert author_page.locator("#id_prompt").count() == 0  # read-only for the author
    author_page.get_by_role("link", name="Propose a change").click()
    author_page.wait_for_url("**/admin/proposals/proposal/propose/question/*/")
    author_page.fill("#id_prompt", NEW_PROMPT)
    author_page.fill("#id_proposal_comment", "问得更清楚")
    author_page.screenshot(path=str(shots / "proposal-form.png"), full_page=True)
    author_page.get_by_role("button", name="Send the proposal to an editor").click()
    author_page.wait_for_url("**/admin/proposals/proposal/*/change/")
    assert "waiting for an editor" in author_page.content()
    assert Question.objects.get(pk=question.pk).prompt == old_prompt

    editor_page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    editor_page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(editor_page, base, "erin", "pw-erin")
    editor_page.goto(f"{base}/admin/library/question/{question.pk}/change/")
    diff = editor_page.locator(".proposal-diff")
    assert old_prompt in diff.inner_text() and NEW_PROMPT in diff.inner_text()
    editor_page.screenshot(path=str(shots / "proposal-on-question-page.png"), full_page=True)
    editor_page.get_by_role("button", name="Approve and apply").click()
    editor_page.wait_for_url(f"**/admin/library/question/{question.pk}/change/")
    assert editor_page.locator("#id_prompt").input_value() == NEW_PROMPT
    assert Proposal.objects.get().status == ProposalStatus.APPROVED
    assert errors == []
