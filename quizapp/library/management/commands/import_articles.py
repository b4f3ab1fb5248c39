from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.library.importer import Outcome, collect_paths, import_article


class Command(BaseCommand):
    help = "Import article files (or folders of them) into the library. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")

    def handle(self, *args, paths: list[Path], **options):
        files, results = collect_paths(paths)
        results += [import_article(path) for path in files]
        counts = dict.fromkeys(Outcome, 0)
        for result in results:
            counts[result.outcome] += 1
            title = f"  «{result.article.title}»" if result.article else ""
            detail = f" — {result.detail}" if result.detail else ""
            line = f"{result.outcome.value:<9} {result.path}{title}{detail}"
            if result.outcome is Outcome.FAILED:
                self.stderr.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        summary = ", ".join(f"{n} {outcome.value}" for outcome, n in counts.items())
        self.stdout.write(f"{len(results)} file(s): {summary}")
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} file(s) could not be imported; see the reasons above.")
