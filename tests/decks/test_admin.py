from __future__ import annotations

import io
import zipfile

from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Question
from tests.factories import shipped_published_counts


def run_action(client, decks):
    return client.post(
        "/admin/decks/deck/",
        {"action": "export_to_anki", "_selected_action": [d.pk for d in decks]},
    )


def test_admin_action_exports_one_deck_as_an_apkg(admin_client, bank, anki):
    deck = Deck.objects.get(slug="article-002_aec1c1457b9d3803")
    response = run_action(admin_client, [deck])
    assert response["Content-Disposition"] == f'attachment; filename="{deck.download_filename}"'
    assert len(anki.import_apkg(response.content).new) == shipped_published_counts()["002_aec1c1457b9d3803.txt"]


def test_admin_action_exports_several_decks_as_a_zip_of_apkgs(admin_client, bank, anki):
    decks = list(Deck.objects.filter(kind=DeckKind.ARTICLE)[:2])
    response = run_action(admin_client, decks)
    assert response["Content-Disposition"] == 'attachment; filename="quizapp-decks.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(d.download_filename for d in decks)
    for deck in decks:
        log = anki.import_apkg(archive.read(deck.download_filename))
        assert len(log.new) == deck.questions().count()


def test_admin_makes_a_hand_picked_deck_with_a_horizontal_filter(admin_client, bank):
    page = admin_client.get("/admin/decks/deck/add/").content.decode()
    assert 'class="selectfilter"' in page  # filter_horizontal's two-box widget
    assert 'value="article"' not in page  # automatic kinds are not offered
    picked = list(Question.objects.published()[:3].values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/decks/deck/add/",
        {"name": "我的精选", "slug": "mine", "description": "", "kind": "picked", "picked": picked},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deck = Deck.objects.get(slug="mine")
    assert deck.questions().count() == 3 and deck.anki_deck_id


def test_admin_lists_decks_with_their_question_counts(admin_client, bank):
    html = admin_client.get("/admin/decks/deck/").content.decode()
    assert "全部题目" in html and f">{sum(shipped_published_counts().values())}<" in html


def test_admin_change_form_of_an_automatic_deck_only_lets_the_description_change(admin_client, bank):
    deck = Deck.objects.get(kind=DeckKind.ALL)
    html = admin_client.get(f"/admin/decks/deck/{deck.pk}/change/").content.decode()
    assert 'name="description"' in html and 'name="name"' not in html and 'name="slug"' not in html
