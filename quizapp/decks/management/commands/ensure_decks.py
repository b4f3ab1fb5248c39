from __future__ import annotations

from django.core.management.base import BaseCommand

from quizapp.decks.automatic import ensure_automatic_decks


class Command(BaseCommand):
    help = "Create the automatic decks (one per article, one of every question); safe to repeat."

    def handle(self, *args, **options):
        report = ensure_automatic_decks()
        self.stdout.write(
            f"decks: {report.created} created, {report.renamed} renamed after their article, "
            f"{report.unchanged} unchanged"
        )
