"""Keep the automatic decks in step with the library, whoever changes it (importer, admin, shell)."""

from __future__ import annotations

from django.db import connections
from django.db.models.signals import post_save
from django.dispatch import receiver

from quizapp.decks.automatic import ensure_article_deck, ensure_automatic_decks
from quizapp.decks.library_version import LibraryVersion, install_triggers
from quizapp.library.bank import holding_the_library
from quizapp.library.models import Article


@receiver(post_save, sender=Article, dispatch_uid="decks_article_deck")
def article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture brings its own decks, if any
        return
    ensure_article_deck(instance)


@receiver(holding_the_library, dispatch_uid="decks_hold_library_version")
def hold_library_version(sender, **kwargs) -> None:
    """A load_content run holds the version row every write to facts and questions rewrites, so such an
    edit waits for the load (library/bank/__init__.py, _hold_the_library)."""
    list(LibraryVersion.objects.select_for_update().filter(pk=1).values_list("pk"))


def after_migrate(sender, apps=None, using: str = "default", **kwargs) -> None:
    """Create the "all" deck (and decks of articles imported before this app existed)."""
    if apps is None:  # `flush` (transactional tests) sends post_migrate without a migration state
        from django.apps import apps
    try:
        apps.get_model("decks", "Deck")
        apps.get_model("library", "Article")
    except LookupError:  # migrating backwards, or a partial migrate: the tables may not exist
        return
    if using != "default":
        return
    ensure_automatic_decks()
    try:
        apps.get_model("decks", "LibraryVersion")
    except LookupError:  # migrated back before the library version
        return
    # SQLite only, after every migrate: a migration that rebuilt the question or fact table dropped its
    # triggers. PostgreSQL keeps them through ALTER TABLE, and dropping one there would lock the question
    # table against the running servers' reads.
    if connections[using].vendor == "sqlite":
        install_triggers(connections[using])
