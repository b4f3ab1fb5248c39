"""The Anki download in the reader's script (issue 16, point 1): 原文, 简体 or 繁體, read back with the
official `anki` package; the same notes (GUIDs) whatever the script, the original quote a tap away,
one package file per script, and a clear 400 for a script we do not have."""

from __future__ import annotations

from quizapp.decks.models import Deck
from quizapp.decks.packages import content_version, package_path
from quizapp.library.models import QuestionType
from tests.decks.anki_helpers import back, front, visible
from tests.factories import make_article, make_fact, make_question

TRADITIONAL = "第一段：螞蟻集團2023年研發投入211.9億元。"


def _traditional_question():
    fact = make_fact(make_article(TRADITIONAL, title="螞蟻集團的研發"), quote="螞蟻集團2023年研發投入211.9億元")
    return make_question(
        fact, QuestionType.SHORT_ANSWER, prompt="螞蟻集團2023年研發投入多少？", accepted_answers=["211.9億元"],
        explanation="這是報告裡的數字。",
    )  # fmt: skip


def _download(client, query: str = "") -> bytes:
    response = client.get(f"/decks/all/anki.apkg{query}")
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content), response["Content-Disposition"]


def test_the_download_converts_card_text_and_keeps_the_original_quote_a_tap_away(client, db, anki):
    question = _traditional_question()
    package, disposition = _download(client, "?script=zh-Hans")
    assert "-zh-Hans.apkg" in disposition
    anki.import_apkg(package)
    (card,) = anki.cards()
    assert "蚂蚁集团2023年研发投入多少？" in visible(front(card))
    shown = visible(back(card))
    assert "211.9亿元" in shown and "这是报告里的数字。" in shown and "《蚂蚁集团的研发》" in shown
    assert "<details><summary>原文</summary>螞蟻集團2023年研發投入211.9億元</details>" in back(card)
    (note,) = anki.notes().values()
    assert note.guid == _guid(question)  # the same note as the original's: an import updates it in place


def test_as_written_is_the_default_and_the_readers_preference_is_followed(client, db, anki):
    _traditional_question()
    as_written, disposition = _download(client)
    assert disposition.endswith('.apkg"') and "-zh-" not in disposition
    anki.import_apkg(as_written)
    assert "螞蟻集團2023年研發投入多少？" in visible(front(anki.cards()[0]))
    assert "<details>" not in back(anki.cards()[0])  # nothing converted, nothing to show twice
    client.cookies["script"] = "zh-Hans"
    _package, disposition = _download(client)
    assert "-zh-Hans.apkg" in disposition


def test_each_script_has_its_own_package_file_and_a_new_version_replaces_them_all(client, db):
    question = _traditional_question()
    _download(client, "?script=zh-Hant")
    _download(client, "?script=zh-Hans")
    deck = Deck.objects.get(slug="all")
    version = content_version(deck)
    assert package_path(deck.pk, version, "zh-Hans").exists() and package_path(deck.pk, version, "zh-Hant").exists()
    question.prompt = "螞蟻集團2023年的研發投入是多少？"
    question.save()
    _download(client, "?script=zh-Hans")
    assert not package_path(deck.pk, version, "zh-Hant").exists()  # the old version's files go


def test_an_unknown_script_is_a_400_that_says_what_to_choose(client, db):
    _traditional_question()
    response = client.get("/decks/all/anki.apkg?script=klingon")
    assert response.status_code == 400 and "choose original, zh-Hans or zh-Hant" in response.content.decode()


def test_the_deck_page_offers_the_script_with_the_readers_preference_chosen(client, db):
    _traditional_question()
    client.cookies["script"] = "zh-Hant"
    html = client.get("/decks/all/").content.decode()
    assert 'action="/decks/all/anki.apkg"' in html
    assert '<option value="zh-Hant" selected>繁體</option>' in html


def _guid(question) -> str:
    import genanki

    return genanki.guid_for(str(question.uuid))
