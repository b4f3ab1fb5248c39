from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from quizapp.library.bank import dump_bank


class Command(BaseCommand):
    help = "Write the facts and questions in the database to content files, one per article."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the content folder, e.g. content/")

    def handle(self, *args, folder: Path, **options):
        for path in dump_bank(folder):
            self.stdout.write(f"wrote {path}")
