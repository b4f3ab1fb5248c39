from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from quizapp.library.bank import dump_bank
from quizapp.library.bank.articles import ARTICLES_FOLDER, dump_articles


class Command(BaseCommand):
    help = (
        "Write the facts and questions in the database to content files, one per article, and each article "
        "that is not in seeds/ to <folder>/articles/ (make run imports it from there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the content folder, e.g. content/")
        parser.add_argument(
            "--seeds", type=Path, default=Path(settings.BASE_DIR) / "seeds", help="articles already in the repository"
        )

    def handle(self, *args, folder: Path, seeds: Path, **options):
        for path in [*dump_articles(folder / ARTICLES_FOLDER, seeds), *dump_bank(folder)]:
            self.stdout.write(f"wrote {path}")
