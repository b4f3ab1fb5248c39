from django.core.management.base import BaseCommand
from django.db.models import F, Q

from quizapp.library.models import Question
from quizapp.stats.models import ItemStatistic
from quizapp.stats.stored import refresh, stale_batch


class Command(BaseCommand):
    help = "Work out every answered or reviewed question's statistics again (the worker keeps them current after)."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only the rows marked stale since their last refresh.")

    def handle(self, *args, stale: bool = False, **options):
        if not stale:
            answered = Question.objects.filter(Q(answers__isnull=False) | Q(review_logs__isnull=False))
            ids = answered.values_list("pk", flat=True).distinct().order_by()
            ItemStatistic.objects.bulk_create([ItemStatistic(question_id=i) for i in ids], ignore_conflicts=True)
            ItemStatistic.objects.update(generation=F("generation") + 1)
        done = 0
        while chunk := stale_batch():
            done += refresh(chunk)
        self.stdout.write(f"{done} question(s) refreshed")
