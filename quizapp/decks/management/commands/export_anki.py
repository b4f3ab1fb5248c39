from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizapp.decks.anki import save_atomically, write_deck
from quizapp.decks.models import ALL_NAME, ALL_SLUG, Deck, DeckKind, anki_deck_id_for


class Command(BaseCommand):
    help = "Export a deck's published questions as an Anki package (.apkg)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--deck", metavar="SLUG", help="the deck to export (its slug, as in /decks/<slug>/)")
        which.add_argument("--all", action="store_true", help="every published question (the deck 'all')")
        parser.add_argument("--output", "-o", type=Path, required=True, metavar="FILE.apkg", help="file to write")
        parser.add_argument(
            "--base-url",
            default=None,
            help="where the app is served, for the source links on each card (default: the SITE_URL setting)",
        )

    def handle(self, *args, deck: str | None, all: bool, output: Path, base_url: str | None, **options):
        base_url = base_url or settings.SITE_URL
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url {base_url!r} must start with http:// or https://.")
        chosen = self._deck(deck) if deck else self._all_deck()
        if output.suffix.lower() != ".apkg":
            raise CommandError(f"{output}: the output file must end in .apkg (Anki only imports that name).")
        if output.is_dir():
            raise CommandError(f"{output} is a folder; give a file name ending in .apkg.")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such folder.")
        counted: list[int] = []
        try:
            save_atomically(output, lambda out: counted.append(write_deck(chosen, out, base_url=base_url)))
        except OSError as exc:
            raise CommandError(f"{output}: cannot write the file ({exc.strerror or exc}).") from None
        self.stdout.write(f"{output}: deck “{chosen.name}”, {counted[0]} note(s)")

    def _deck(self, slug: str) -> Deck:
        found = Deck.objects.filter(slug=slug).first()
        if found is None:
            slugs = list(Deck.objects.order_by("slug").values_list("slug", flat=True))
            known = ", ".join(slugs) if slugs else "none yet (run: python manage.py ensure_decks)"
            raise CommandError(f"No deck with slug {slug!r}. Decks: {known}.")
        return found

    def _all_deck(self) -> Deck:
        # Works before the "all" deck row exists: same slug, so the same Anki deck ID.
        return Deck.objects.filter(kind=DeckKind.ALL).first() or Deck(
            kind=DeckKind.ALL, slug=ALL_SLUG, name=ALL_NAME, anki_deck_id=anki_deck_id_for(ALL_SLUG)
        )
