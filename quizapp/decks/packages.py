"""Deck packages built once per content version, off the request, and served as files (issue 18).

Building the .apkg of 50,000 questions takes ~30 s of CPU: inside a request it outlived gunicorn's
timeout and was rebuilt on every click. Now a request only computes the deck's content version (one
aggregate); a package built for that version is served from disk, otherwise a background task
(django.tasks, the database backend's worker in production) builds it once however many people ask.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.tasks import task

from quizapp.decks.anki import write_deck
from quizapp.decks.models import Deck
from quizapp.prepared import build_once, file_response, fingerprint, questions_state, ready_file
from quizapp.web import APKG_MEDIA_TYPE

# Bump when the package layout changes, so files built by older code are not served.
PACKAGE_FORMAT = 1


def content_version(deck: Deck) -> str:
    """Changes whenever what the package holds may change: a question, fact or article edited,
    published or withdrawn (count and latest edit of each), the deck itself, or the site's URL."""
    state = questions_state(deck.questions())
    return fingerprint(PACKAGE_FORMAT, deck.pk, deck.slug, deck.updated_at, settings.SITE_URL, *state)


def package_path(deck_id: int, version: str, script: str = "original") -> Path:
    """One file per content version and script (原文 / 简体 / 繁體: the text is converted when built)."""
    suffix = "" if script == "original" else f"-{script}"
    return Path(settings.DECK_PACKAGE_DIR) / f"deck-{deck_id}-{version}{suffix}.apkg"


@task()
def build_package(deck_id: int, version: str, script: str = "original") -> None:
    """Write the deck's package for `version` in `script`, then drop the deck's packages of older
    versions (in any script; the current version's other scripts stay)."""
    deck = Deck.objects.filter(pk=deck_id).first()
    if deck is not None:
        write = lambda out: write_deck(deck, out, script=script)  # noqa: E731
        build_once(package_path(deck_id, version, script), write, f"deck-{deck_id}-*.apkg", f"deck-{deck_id}-{version}")


def ready_package(deck: Deck, script: str = "original") -> Path | None:
    """The file of the deck's current package, or None while it is being built. The first caller
    for a version enqueues the build; later callers (other clicks, other workers sharing the
    cache) wait for that one instead of building again."""
    version = content_version(deck)
    path = package_path(deck.pk, version, script)
    return ready_file(path, path.name, lambda: build_package.enqueue(deck.pk, version, script))


def package_response(path: Path, filename: str) -> FileResponse:
    return file_response(path, filename, APKG_MEDIA_TYPE)
