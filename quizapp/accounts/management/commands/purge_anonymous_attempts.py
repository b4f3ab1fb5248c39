"""Delete what anonymous learners left behind: their attempts older than --days, then the anonymous
learners themselves once nothing of theirs is left. Attempts of accounts are never touched.

An anonymous learner is one browser's session; once that session has ended nobody can come back to
its attempts, and each start (limited per address, accounts/throttle.py) makes rows. Run it daily,
e.g. from cron: `manage.py purge_anonymous_attempts --days 30`.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from quizapp.accounts.models import Learner

DEFAULT_DAYS = 30


class Command(BaseCommand):
    help = "Delete anonymous learners' attempts older than --days (default 30), and anonymous learners left empty."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="Keep anything newer than this.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; delete nothing.")

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=days)
        # Named through the app registry: accounts sits below the quizzes and study apps.
        attempt_model = apps.get_model("quizzes", "Attempt")
        card_model = apps.get_model("study", "CardState")
        anonymous = Learner.objects.filter(user__isnull=True)
        attempts = attempt_model.objects.filter(learner__in=anonymous, started_at__lt=cutoff)
        with transaction.atomic():
            attempt_count = attempts.count()
            if not dry_run:
                attempts.delete()
            # A learner with nothing left (no attempt, no flashcard) and older than the cutoff is gone for good.
            empty = (
                anonymous.filter(created_at__lt=cutoff)
                .exclude(pk__in=attempt_model.objects.values("learner"))
                .exclude(pk__in=card_model.objects.values("learner"))
            )
            learner_count = empty.count()
            if not dry_run:
                empty.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {attempt_count} anonymous attempts older than {days} days "
            f"and {learner_count} empty anonymous learners"
        )
