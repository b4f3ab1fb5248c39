"""Learner-facing fact lists (issue 19.8): anonymous visitors and learners see only the facts behind
a live (published) question — never a draft's fact, nor its erratum; authors see every fact."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.library.models import Status
from tests.factories import make_article, make_fact, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts():
    article = make_article()
    live = make_fact(article)
    make_question(live)
    draft_only = make_fact(article, quote="用户超过10亿", erratum="内部：数字待核实")
    make_question(draft_only, status=Status.DRAFT)
    bare = make_fact(article, quote="第二段")
    return live, draft_only, bare


def test_anonymous_fact_list_shows_only_facts_of_live_questions_and_no_draft_erratum(facts):
    live, draft_only, bare = facts
    response = Client().get("/api/v1/facts/")
    assert [f["id"] for f in response.json()["results"]] == [live.pk]
    assert "数字待核实" not in response.content.decode()
    for hidden in (draft_only, bare):
        assert Client().get(f"/api/v1/facts/{hidden.pk}/").status_code == 404


def test_a_logged_in_learner_sees_the_same_list(facts, learner):
    client = Client()
    client.post("/accounts/login/", {"username": "lee", "password": "pw-lee"})
    assert [f["id"] for f in client.get("/api/v1/facts/").json()["results"]] == [facts[0].pk]


def test_authors_still_see_every_fact_with_its_erratum(facts, author):
    client = Client()
    client.force_login(author)
    response = client.get("/api/v1/facts/")
    assert sorted(f["id"] for f in response.json()["results"]) == sorted(f.pk for f in facts)
    assert "数字待核实" in response.content.decode()
