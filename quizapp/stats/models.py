"""Each question's statistics as last worked out by the refresh task (stats/stored.py).

A request reads these rows, never the answers behind them: with millions of answers the figures of
one page of questions would otherwise cost seconds. `generation` counts the changes that made the
row stale (a new answer in one of its attempts, a review, an edited key); `computed` is the
generation the stored figures were worked out at, so the row is stale while they differ.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from quizapp.library.models import Question


class ItemStatistic(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, primary_key=True, related_name="statistic")
    generation = models.PositiveIntegerField(default=1)
    computed = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # What the list, its filter and the coverage page sort, filter or add up, as columns.
    first_answers = models.PositiveIntegerField(default=0)
    facility = models.FloatField(null=True)
    discrimination = models.FloatField(null=True)
    flagged = models.BooleanField(default=False)
    answers = models.PositiveIntegerField(default=0)  # all attempts
    score_sum = models.FloatField(default=0)  # of all answers' scores
    reviews = models.PositiveIntegerField(default=0)
    again = models.PositiveIntegerField(default=0)
    # The rest, as stored.snapshot writes it: every sample, choice rates, wrong answers, flags.
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("item statistic")
        verbose_name_plural = _("item statistics")
        indexes = [
            # On the question id, so the "needs attention" count is an index-only scan of the flagged rows
            # (one on `flagged` still read the wide table: 50,000 rows of stored figures, 87 MB at L).
            models.Index(fields=["question"], condition=models.Q(flagged=True), name="stat_flagged_question"),
            models.Index(
                fields=["generation"], condition=~models.Q(generation=models.F("computed")), name="stat_stale"
            ),
        ]

    def __str__(self) -> str:
        return f"statistics of question {self.question_id}"
