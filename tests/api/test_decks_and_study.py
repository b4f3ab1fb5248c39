from __future__ import annotations

import pytest

from quizapp.decks.automatic import ensure_article_deck
from quizapp.decks.models import Deck, DeckKind
from quizapp.study.models import CardState, ReviewLog
from tests.api.helpers import assert_error
from tests.decks.anki_helpers import AnkiCollection

pytestmark = pytest.mark.django_db


@pytest.fixture
def deck(six_types) -> Deck:
    deck, _ = ensure_article_deck(six_types[0].fact.article)
    return deck


def test_decks_are_listed_with_their_sizes_and_links(api, deck):
    body = api.get("/api/v1/decks/").json()
    listed = {d["slug"]: d for d in body["results"]}
    assert listed[deck.slug]["question_count"] == 6 and listed[deck.slug]["kind"] == "article"
    assert listed[deck.slug]["apkg_url"] == f"http://testserver/api/v1/decks/{deck.slug}/apkg/"
    assert api.get(f"/api/v1/decks/{deck.slug}/").json()["anki_deck_id"] == deck.anki_deck_id
    assert_error(api.get("/api/v1/decks/no-such-deck/"), 404)


def test_deck_downloads_as_an_anki_package_that_anki_imports(api, deck, tmp_path):
    response = api.get(f"/api/v1/decks/{deck.slug}/apkg/", HTTP_ACCEPT="application/apkg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert response["Content-Disposition"] == f'attachment; filename="{deck.download_filename}"'
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content[:2] == b"PK"
    collection = AnkiCollection(tmp_path)
    try:
        collection.import_apkg(content)
        assert len(collection.notes()) == 6
    finally:
        collection.close()


def test_download_of_a_missing_deck_is_a_json_404_even_when_asking_for_apkg(api, db):
    assert_error(api.get("/api/v1/decks/nope/apkg/", HTTP_ACCEPT="application/apkg"), 404)


def test_due_cards_for_a_new_learner_are_the_new_cards_with_both_sides(as_learner, deck, six_types):
    body = as_learner.get(f"/api/v1/study/{deck.slug}/due/").json()
    assert body["counts"]["new"] == 6 and body["counts"]["seen"] == 0
    cards = body["cards"]
    assert [c["question"] for c in cards] == [q.pk for q in six_types]
    cloze = cards[3]
    assert cloze["is_new"] and cloze["reps"] == 0 and cloze["state"] is None
    assert cloze["front"] == "2023年研发投入［＿＿＿］。" and cloze["answer"] == "211.9亿元"
    assert [r["rating"] for r in cloze["ratings"]] == [1, 2, 3, 4]
    assert cloze["source"]["quote"] == six_types[0].fact.quote
    assert len(as_learner.get(f"/api/v1/study/{deck.slug}/due/", {"limit": 2}).json()["cards"]) == 2
    assert_error(as_learner.get(f"/api/v1/study/{deck.slug}/due/", {"limit": 0}), 400, "limit")
    assert_error(as_learner.get(f"/api/v1/study/{deck.slug}/due/", {"limit": 101}), 400, "limit")


def test_reviewing_a_card_schedules_it_once(as_learner, deck, six_types, learner):
    question = six_types[0]
    url = f"/api/v1/study/{deck.slug}/review/"
    first = as_learner.post(url, {"question": question.pk, "rating": 3, "reps": 0})
    assert first.status_code == 200, first.content
    assert first.json()["reviewed"] is True and first.json()["state"]["reps"] == 1
    again = as_learner.post(url, {"question": question.pk, "rating": 3, "reps": 0})
    assert again.json()["reviewed"] is False and "already rated" in again.json()["message"]
    assert ReviewLog.objects.filter(learner__user=learner).count() == 1
    due = as_learner.get(f"/api/v1/study/{deck.slug}/due/").json()
    assert question.pk not in [c["question"] for c in due["cards"] if c["is_new"]]
    overview = as_learner.get(f"/api/v1/study/{deck.slug}/").json()
    assert overview["counts"]["seen"] == 1 and len(overview["forecast"]) == 7


def test_bad_reviews_are_400_and_unknown_cards_404(as_learner, deck, six_types, bank):
    url = f"/api/v1/study/{deck.slug}/review/"
    assert_error(as_learner.post(url, {"question": six_types[0].pk, "rating": 5, "reps": 0}), 400, "rating")
    assert_error(as_learner.post(url, {"question": six_types[0].pk, "rating": 3}), 400, "reps")
    assert_error(as_learner.post(url, {"question": "x", "rating": 3, "reps": 0}), 400, "question")
    elsewhere = Deck.objects.get(kind=DeckKind.ALL).questions().exclude(pk__in=[q.pk for q in six_types]).first()
    assert_error(as_learner.post(url, {"question": elsewhere.pk, "rating": 3, "reps": 0}), 404)
    assert_error(as_learner.post("/api/v1/study/nope/review/", {"question": 1, "rating": 3, "reps": 0}), 404)
    assert not CardState.objects.exists()


def test_my_cards_are_mine_and_someone_elses_are_404(as_learner, as_other, api, deck, six_types):
    as_learner.post(f"/api/v1/study/{deck.slug}/review/", {"question": six_types[0].pk, "rating": 1, "reps": 0})
    state = CardState.objects.get()
    mine = as_learner.get(f"/api/v1/cards/{state.pk}/").json()
    assert mine["question"] == six_types[0].pk and mine["stage"] == "learning"
    assert [r["rating"] for r in mine["reviews"]] == [1] and mine["reviews"][0]["stage"] is None
    assert as_learner.get("/api/v1/cards/").json()["count"] == 1
    for client in (as_other, api):
        assert_error(client.get(f"/api/v1/cards/{state.pk}/"), 404)
        assert client.get("/api/v1/cards/").json()["count"] == 0


def test_anonymous_learner_studies_with_the_session(api, deck, six_types):
    assert api.get(f"/api/v1/study/{deck.slug}/due/").json()["counts"]["new"] == 6
    response = api.post(f"/api/v1/study/{deck.slug}/review/", {"question": six_types[0].pk, "rating": 4, "reps": 0})
    assert response.status_code == 200 and response.json()["reviewed"] is True
    assert CardState.objects.get().learner.user is None
    assert api.get("/api/v1/cards/").json()["count"] == 1
