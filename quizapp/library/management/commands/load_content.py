from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.library import trail
from quizapp.library.bank import BankError, load_bank
from quizapp.library.checks import WHY_HOW_BAR


class Command(BaseCommand):
    help = (
        "Load the question bank (content/*.yaml): validate everything, then write it all or nothing. "
        "A file is left out while neither it nor what it wrote has changed since its last load."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the content folder, e.g. content/")
        parser.add_argument("--force", action="store_true", help="read and write every file, changed or not")

    def handle(self, *args, folder: Path, force: bool = False, **options):
        try:
            with trail.recorded_as(trail.LOAD_CONTENT):  # no user to name: the history says where it came from
                report = load_bank(folder, force=force)
        except BankError as exc:
            for problem in exc.problems:
                self.stderr.write(self.style.ERROR(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was written.") from None
        parts = []
        for kind in ("facts", "questions"):
            parts.append(
                f"{kind}: {report.created[kind]} created, {report.updated[kind]} updated, "
                f"{report.unchanged[kind]} unchanged"
            )
        skipped = f", skipped {report.skipped} unchanged file(s)" if report.skipped else ""
        self.stdout.write(f"loaded {report.files} file(s){skipped} — " + "; ".join(parts))
        if report.not_in_files:
            # Never deleted: it may be an admin edit not dumped yet, or hold learners' answers.
            self.stdout.write(
                f"{report.not_in_files} question(s) of these articles are not in the files: kept as they are "
                "(to take one out of use, give it status: retired)"
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))  # "draft: …" or "retired: …": the status it keeps
        for source, (why_how, published) in report.why_how.items():
            share = why_how / published if published else 0
            low = "" if share >= WHY_HOW_BAR else f" — below {WHY_HOW_BAR:.0%}"
            self.stdout.write(
                f"{source}: {why_how} of {published} published questions ask why or how ({share:.0%}){low}"
            )
