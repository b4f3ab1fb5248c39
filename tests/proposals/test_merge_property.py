"""Approving a proposal against a question saved since (property-based): a choice the author changed
takes the author's row, every other choice keeps what the editor saved meanwhile, and the fields the
author left alone keep the editor's values too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.proposals.models import Proposal, ProposalStatus
from tests.factories import make_question
from tests.proposals.helpers import logged_in, propose_url, question_form

pytestmark = pytest.mark.django_db

WRONG_ROWS = (1, 2, 3)  # the right choice (row 0) must stay in the fact's words for a published question
author_texts = st.dictionaries(st.sampled_from(WRONG_ROWS), st.integers(300, 999).map(lambda n: f"{n}亿元"))
editor_feedback = st.dictionaries(
    st.sampled_from((0, *WRONG_ROWS)), st.sampled_from(["数字不对", "单位不对", "年份不对"])
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=author_texts, feedback=editor_feedback, new_explanation=st.booleans())
def test_approving_a_stale_proposal_keeps_what_the_author_left_alone(author, editor, texts, feedback, new_explanation):
    question = make_question()
    rows = list(question.choices.order_by("order"))
    original = [row.text for row in rows]
    if len(set(texts.values())) < len(texts):
        return  # two choices with one text is refused, as tested elsewhere
    choices = {i: {"text": text} for i, text in texts.items()}
    logged_in(author).post(propose_url(question), question_form(question, prompt="改过的问题？", choices=choices))
    proposal = Proposal.objects.get(question=question)

    for i, text in feedback.items():  # an editor's save meanwhile
        rows[i].feedback = text
        rows[i].save()
    question.refresh_from_db()
    if new_explanation:
        question.explanation = "编辑改过：2023年研发投入211.9亿元。"
    question.save()

    logged_in(editor).post(reverse("admin:proposals_proposal_approve", args=[proposal.pk]), {"looked_again": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    question.refresh_from_db()
    assert question.prompt == "改过的问题？"
    assert question.explanation.startswith("编辑改过") == new_explanation
    for i, row in enumerate(rows):
        row.refresh_from_db()
        if i in texts:  # the author's row, as the author saw it
            assert (row.text, row.feedback) == (texts[i], "")
        else:
            assert (row.text, row.feedback) == (original[i], feedback.get(i, ""))
