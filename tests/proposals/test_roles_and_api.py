"""The API points an author's change to live content at the admin's propose page instead of taking it
(403 with the address): a proposal is made in the admin, where the form and its checks are."""

from __future__ import annotations

import pytest

from quizapp.library.models import Fact, Question, Status
from quizapp.proposals.models import Proposal
from tests.api.helpers import assert_error, client_for
from tests.factories import make_fact, make_question
from tests.proposals.helpers import propose_url

pytestmark = pytest.mark.django_db


def test_an_authors_patch_on_a_published_question_is_403_pointing_at_the_propose_page(author):
    question = make_question()  # published
    refused = assert_error(
        client_for(author).patch(f"/api/v1/questions/{question.pk}/", {"prompt": "改一改？"}, format="json"), 403
    )
    assert "Propose your change" in refused["error"] and propose_url(question) in refused["error"]
    assert Question.objects.get(pk=question.pk).prompt == question.prompt and not Proposal.objects.exists()


def test_an_authors_patch_on_a_fact_behind_published_work_points_at_the_propose_page(author):
    fact = make_fact(restatement="原来的说法")
    make_question(fact, status=Status.PUBLISHED)
    refused = assert_error(
        client_for(author).patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "改了"}, format="json"), 403
    )
    assert propose_url(fact) in refused["error"]
    assert Fact.objects.get(pk=fact.pk).restatement == "原来的说法"
