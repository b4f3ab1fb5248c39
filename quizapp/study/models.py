"""Flashcard state per learner and question, scheduled with FSRS, and the log of every review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.models import Learner
from quizapp.library.models import Question

# One scheduler for everyone: FSRS defaults (90 % desired retention, steps 1 min and 10 min,
# relearning 10 min). Fuzzing spreads cards learnt together over neighbouring days, as Anki does.
SCHEDULER = fsrs.Scheduler()


class Stage(models.IntegerChoices):
    # Values are fsrs.State's, so a row converts to an fsrs.Card without a table.
    LEARNING = fsrs.State.Learning, _("learning")
    REVIEW = fsrs.State.Review, _("review")
    RELEARNING = fsrs.State.Relearning, _("relearning")


class Rating(models.IntegerChoices):
    AGAIN = fsrs.Rating.Again, _("Again")
    HARD = fsrs.Rating.Hard, _("Hard")
    GOOD = fsrs.Rating.Good, _("Good")
    EASY = fsrs.Rating.Easy, _("Easy")


# A learner row, or just its id (as the session carries it): filtering needs no more.
LearnerRef = Learner | int | None


class CardStateQuerySet(models.QuerySet):
    def owned_by(self, learner: LearnerRef) -> CardStateQuerySet:
        return self.filter(learner=learner) if learner else self.none()

    def in_questions(self, questions: models.QuerySet) -> CardStateQuerySet:
        return self.filter(question__in=questions.order_by().values("pk"))


class CardState(models.Model):
    """Where one learner stands with one question. No row yet means a new card."""

    # No index of its own: the (learner, question) constraint and (learner, due) index lead with it.
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="card_states", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="card_states")  # kept: issue 19.5
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0, help_text=_("Reviews so far; a review form carries it."))
    lapses = models.PositiveIntegerField(default=0)
    introduced_at = models.DateTimeField(default=timezone.now, help_text=_("First review: counts against new cards."))

    objects = CardStateQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learner", "question"], name="one_card_per_learner_question")]
        indexes = [models.Index(fields=["learner", "due"], name="card_learner_due")]

    def __str__(self) -> str:
        return f"{self.learner} · {self.question_id} · due {self.due:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("study:card", args=[self.pk])

    @property
    def is_learning(self) -> bool:
        return self.stage != Stage.REVIEW

    def to_fsrs(self) -> fsrs.Card:
        return fsrs.Card(
            card_id=self.question_id,
            state=fsrs.State(self.stage),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def take(self, card: fsrs.Card) -> None:
        self.stage, self.step = int(card.state), card.step
        self.stability, self.difficulty = card.stability, card.difficulty
        self.due, self.last_review = card.due, card.last_review


@dataclass(frozen=True)
class ReviewOutcome:
    state: CardState | None
    reviewed: bool  # False: a repeated or stale submission, nothing was written


class ReviewLogQuerySet(models.QuerySet):
    def owned_by(self, learner: LearnerRef) -> ReviewLogQuerySet:
        return self.filter(learner=learner) if learner else self.none()


class ReviewLog(models.Model):
    """One rating, kept forever (FSRS parameters can be optimised from these later)."""

    # No index of its own: the (learner, question, reviewed_at) index leads with it.
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="review_logs", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="review_logs")  # kept: issue 19.5
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    stage_before = models.PositiveSmallIntegerField(choices=Stage.choices, null=True, blank=True)
    due_after = models.DateTimeField()

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        ordering = ["reviewed_at", "pk"]
        indexes = [models.Index(fields=["learner", "question", "reviewed_at"], name="review_learner_question")]

    def __str__(self) -> str:
        return f"{self.learner} · {self.question_id} · {self.get_rating_display()} at {self.reviewed_at:%Y-%m-%d %H:%M}"


def review(
    learner: Learner, question: Question, rating: int, *, seen_reps: int, now: datetime | None = None
) -> ReviewOutcome:
    """Rate a card once. `seen_reps` is the review count the learner saw when rating.

    A second submission of the same form (double click, resent POST, two tabs) carries a
    count that is no longer current and changes nothing: one review, never two.
    """
    now = (now or timezone.now()).astimezone(UTC)
    with transaction.atomic():
        state = CardState.objects.filter(learner=learner, question=question).first()
        if state is None:
            if seen_reps != 0:
                return ReviewOutcome(None, reviewed=False)
            state = CardState(learner=learner, question=question, stage=Stage.LEARNING, step=0, due=now)
            state.introduced_at = now
        elif state.reps != seen_reps:
            return ReviewOutcome(state, reviewed=False)
        stage_before = None if state.pk is None else state.stage
        card, _log = SCHEDULER.review_card(state.to_fsrs(), fsrs.Rating(rating), review_datetime=now)
        state.take(card)
        state.reps = seen_reps + 1
        if rating == Rating.AGAIN and stage_before == Stage.REVIEW:
            state.lapses += 1
        if state.pk is None:
            try:
                with transaction.atomic():
                    state.save(force_insert=True)
            except IntegrityError:  # a concurrent first review of the same card won the race
                return ReviewOutcome(CardState.objects.filter(learner=learner, question=question).first(), False)
        else:
            fields = ["stage", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"]
            # Compare-and-set on reps: of two concurrent submissions only one updates a row.
            updated = CardState.objects.filter(pk=state.pk, reps=seen_reps).update(
                **{name: getattr(state, name) for name in fields}
            )
            if not updated:
                return ReviewOutcome(CardState.objects.get(pk=state.pk), reviewed=False)
        ReviewLog.objects.create(
            learner=learner,
            question=question,
            rating=rating,
            reviewed_at=now,
            stage_before=stage_before,
            due_after=state.due,
        )
    return ReviewOutcome(state, reviewed=True)
