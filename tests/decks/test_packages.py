"""Deck packages are built once per content version, off the request, and served from the file (issue 18)."""

from __future__ import annotations

import pytest
from django.tasks import default_task_backend

from quizapp.decks import packages
from quizapp.decks.models import Deck
from tests.factories import make_question

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Deck ids each time a package is really written."""
    built: list[int] = []
    write = packages.write_deck

    def counting(deck, out, **kwargs):
        built.append(deck.pk)
        return write(deck, out, **kwargs)

    monkeypatch.setattr(packages, "write_deck", counting)
    return built


def test_a_package_is_built_once_per_content_version_and_served_from_its_file(client, db, builds):
    question = make_question()
    first = client.get("/decks/all/anki.apkg").getvalue()
    again = client.get("/decks/all/anki.apkg").getvalue()
    assert first == again and first[:2] == b"PK"
    assert len(builds) == 1
    question.prompt = "改过的题目？"
    question.save()
    changed = client.get("/decks/all/anki.apkg").getvalue()
    assert len(builds) == 2 and changed != first
    deck = Deck.objects.get(slug="all")
    # Only the current version stays on disk.
    assert [p.name for p in packages.package_path(deck.pk, "x").parent.glob(f"deck-{deck.pk}-*.apkg")] == [
        packages.package_path(deck.pk, packages.content_version(deck)).name
    ]


def test_a_new_question_makes_a_new_version(db):
    question = make_question()
    deck = Deck.objects.get(slug="all")
    before = packages.content_version(deck)
    make_question(question.fact)
    assert packages.content_version(deck) != before


def test_while_the_worker_builds_the_page_waits_and_asks_again(client, db, settings, builds):
    settings.TASKS = DUMMY  # enqueued tasks wait, as for a worker that has not got to them yet
    make_question()
    page = client.get("/decks/all/anki.apkg")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "is being prepared" in html and 'hx-get="/decks/all/anki.apkg"' in html and 'hx-trigger="every' in html
    poll = client.get("/decks/all/anki.apkg", HTTP_HX_REQUEST="true")
    assert poll.status_code == 204
    (result,) = default_task_backend.results  # two clicks, one build asked for
    assert builds == []
    result.task.call(*result.args)  # the worker runs it
    ready = client.get("/decks/all/anki.apkg", HTTP_HX_REQUEST="true").content.decode()
    assert "The package is ready." in ready and 'href="/decks/all/anki.apkg"' in ready and "hx-get" not in ready
    download = client.get("/decks/all/anki.apkg")
    assert download["Content-Disposition"] == 'attachment; filename="quizapp-all.apkg"'
    assert download.getvalue()[:2] == b"PK" and builds == [Deck.objects.get(slug="all").pk]


def test_api_answers_202_with_retry_after_until_the_package_is_ready(client, db, settings):
    settings.TASKS = DUMMY
    make_question()
    response = client.get("/api/v1/decks/all/apkg/", HTTP_ACCEPT="application/apkg")
    assert response.status_code == 202 and response["Retry-After"] == "5"
    assert response.json() == {"status": "preparing", "retry_after": 5}
    (result,) = default_task_backend.results
    result.task.call(*result.args)
    response = client.get("/api/v1/decks/all/apkg/", HTTP_ACCEPT="application/apkg")
    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"
