from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.accounts.backup import BackupError, restore_from


class Command(BaseCommand):
    help = "Replace ALL data with a snapshot written by backup_data (then run `migrate` if the code is newer)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a file written by backup_data")
        parser.add_argument("--yes", action="store_true", help="confirm that every current row is replaced")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes:
            raise CommandError("restore_data replaces every row in the database; run it again with --yes.")
        try:
            restore_from(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored from {file}")
