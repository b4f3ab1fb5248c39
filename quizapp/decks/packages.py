"""Deck packages built once per content version, off the request, and served as files (issue 18).

Building the .apkg of 50,000 questions takes ~30 s of CPU: inside a request it outlived gunicorn's
timeout and was rebuilt on every click. Now a request only computes the deck's content version (one
aggregate); a package built for that version is served from disk, otherwise a background task
(django.tasks, the database backend's worker in production) builds it once however many people ask.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import FileResponse
from django.tasks import task

from quizapp.decks.anki import save_atomically, write_deck
from quizapp.decks.models import Deck
from quizapp.web import APKG_MEDIA_TYPE

# Bump when the package layout changes, so files built by older code are not served.
PACKAGE_FORMAT = 1
# A build that has not finished by then (a worker died) may be asked for again.
BUILD_CLAIM_SECONDS = 15 * 60


def content_version(deck: Deck) -> str:
    """Changes whenever what the package holds may change: a question, fact or article edited,
    published or withdrawn (count and latest edit of each), the deck itself, or the site's URL."""
    row = (
        deck.questions()
        .order_by()
        .aggregate(n=Count("pk"), q=Max("updated_at"), f=Max("fact__updated_at"), a=Max("fact__article__updated_at"))
    )
    parts = [PACKAGE_FORMAT, deck.pk, deck.slug, deck.updated_at, settings.SITE_URL, *row.values()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def package_path(deck_id: int, version: str, script: str = "original") -> Path:
    """One file per content version and script (原文 / 简体 / 繁體: the text is converted when built)."""
    suffix = "" if script == "original" else f"-{script}"
    return Path(settings.DECK_PACKAGE_DIR) / f"deck-{deck_id}-{version}{suffix}.apkg"


@task()
def build_package(deck_id: int, version: str, script: str = "original") -> None:
    """Write the deck's package for `version` in `script`, then drop the deck's packages of older
    versions (in any script; the current version's other scripts stay)."""
    deck = Deck.objects.filter(pk=deck_id).first()
    path = package_path(deck_id, version, script)
    if deck is None or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    save_atomically(path, lambda out: write_deck(deck, out, script=script))
    for older in path.parent.glob(f"deck-{deck_id}-*.apkg"):
        if not older.name.startswith(f"deck-{deck_id}-{version}"):
            older.unlink(missing_ok=True)


def ready_package(deck: Deck, script: str = "original") -> Path | None:
    """The file of the deck's current package, or None while it is being built. The first caller
    for a version enqueues the build; later callers (other clicks, other workers sharing the
    cache) wait for that one instead of building again."""
    version = content_version(deck)
    path = package_path(deck.pk, version, script)
    if path.exists():
        return path
    if cache.add(f"deck-package:{deck.pk}:{version}:{script}", True, timeout=BUILD_CLAIM_SECONDS):
        build_package.enqueue(deck.pk, version, script)
    return path if path.exists() else None  # an immediate backend has built it already


def package_response(path: Path, filename: str) -> FileResponse:
    # The file name carries the version, so a copy is current as long as the URL answers with it;
    # "no-cache" still makes browsers ask, as the URL stays the same across versions.
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=APKG_MEDIA_TYPE)
    response["Cache-Control"] = "no-cache"
    return response
