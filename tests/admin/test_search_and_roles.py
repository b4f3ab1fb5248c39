"""The admin search ignores script and width; the author filter lists authors; editors reach the decks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.library.scripts import spellings
from tests.factories import make_fact, make_picked_deck, make_question, make_user


def test_spellings_cover_both_scripts_and_full_width():
    assert {"韩歆毅", "韓歆毅"} <= spellings("韓歆毅")
    assert "ESG" in spellings("ＥＳＧ")


@pytest.fixture
def two_scripts(db):
    simplified = make_question(make_fact(quote="2023年研发投入211.9亿元"), prompt="韩歆毅是谁？")
    traditional = make_question(make_fact(quote="2023年研发投入211.9亿元"), prompt="韓歆毅說了什麼？")
    other = make_question(make_fact(quote="2023年研发投入211.9亿元"), prompt="与此无关的题目")
    return simplified, traditional, other


@pytest.mark.parametrize("term", ["韩歆毅", "韓歆毅"])
def test_question_search_finds_both_scripts(client, editor, two_scripts, term):
    simplified, traditional, other = two_scripts
    client.force_login(editor)
    response = client.get(reverse("admin:library_question_changelist"), {"q": term})
    found = set(response.context["cl"].result_list)
    assert found == {simplified, traditional}


def test_full_width_search_finds_half_width(client, editor, db):
    question = make_question(prompt="ESG报告中的研发投入是多少？")
    client.force_login(editor)
    response = client.get(reverse("admin:library_question_changelist"), {"q": "ＥＳＧ"})
    assert list(response.context["cl"].result_list) == [question]


def test_author_filter_lists_authors_and_editors_only(client, editor, author, db):
    make_user("lee")  # a learner
    make_question(author=author)
    client.force_login(editor)
    response = client.get(reverse("admin:library_question_changelist"))
    author_filter = next(f for f in response.context["cl"].filter_specs if getattr(f, "field_path", "") == "author")
    assert {name for _pk, name in author_filter.lookup_choices} == {"alice", "erin"}


def test_editor_sees_decks_and_exports_one(client, editor, db):
    deck = make_picked_deck([make_question(status="published")])
    client.force_login(editor)
    listing = client.get(reverse("admin:decks_deck_changelist"))
    assert deck.name in listing.content.decode()
    response = client.post(
        reverse("admin:decks_deck_changelist"), {"action": "export_to_anki", "_selected_action": [deck.pk]}
    )
    assert response["Content-Disposition"].endswith('.apkg"')
    assert response.content[:2] == b"PK"  # an .apkg is a zip


def test_author_cannot_reach_decks(client, author, db):
    client.force_login(author)
    assert client.get(reverse("admin:decks_deck_changelist")).status_code == 403
