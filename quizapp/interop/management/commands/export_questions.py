from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.decks.anki import save_atomically
from quizapp.interop.exporting import EXPORTS, export
from quizapp.library.models import Article, Question


class Command(BaseCommand):
    help = "Export questions as Moodle XML, GIFT, CSV or Excel (published ones unless --drafts)."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(EXPORTS))
        parser.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
        parser.add_argument("--article", metavar="SOURCE_FILE", help="only this article (its seed file name)")
        parser.add_argument("--tag", help="only questions with this tag")
        parser.add_argument("--drafts", action="store_true", help="include drafts and questions in review")

    def handle(self, *args, format: str, output: Path, article: str | None, tag: str | None, drafts: bool, **kw):
        questions = Question.objects.all() if drafts else Question.objects.published()
        if article:
            found = Article.objects.filter(source_file=article).first()
            if found is None:
                known = ", ".join(Article.objects.values_list("source_file", flat=True))
                raise CommandError(f"No article {article!r}. Articles: {known}.")
            questions = questions.for_article(found)
        if tag:
            questions = questions.filter(tags__name=tag)
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such folder.")
        content, _, _ = export(questions, format)
        try:
            save_atomically(output, lambda out: out.write(content))
        except OSError as exc:
            raise CommandError(f"{output}: cannot write the file ({exc.strerror or exc}).") from None
        self.stdout.write(f"{output}: {questions.count()} question(s) as {format}")
