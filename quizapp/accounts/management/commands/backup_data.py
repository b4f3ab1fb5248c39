from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.accounts.backup import BackupError, backup_to


class Command(BaseCommand):
    help = "Write a consistent snapshot of all data (learners, attempts, reviews, the library) to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write it (SQLite file or pg_dump archive)")

    def handle(self, *args, file: Path, **options):
        try:
            backup_to(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backed up to {file} ({file.stat().st_size} bytes)")
