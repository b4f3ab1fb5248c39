from django.core.management.base import BaseCommand
from django.db import transaction

from quizapp.search.index import rebuild


class Command(BaseCommand):
    help = "Write the search index again from the questions, facts and articles (e.g. after a raw SQL edit)."

    def handle(self, *args, **options):
        with transaction.atomic():  # searches meanwhile see the old index, never a half-written one
            written = rebuild()
        self.stdout.write(f"search index rebuilt: {written} entries")
