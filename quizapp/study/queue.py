"""What a learner should study in a deck now, how much is waiting today, and what comes later.

Every function here issues a fixed number of queries, however large the deck: counting and
picking happen in the database, never by loading the deck's cards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import fsrs
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.decks.faces import Faces, faces
from quizapp.decks.models import Deck, attach_withheld_counts, grouped_by_rule
from quizapp.library.models import Question
from quizapp.library.revealed import withheld_question_ids
from quizapp.study.models import SCHEDULER, CardState, LearnerRef, Rating, Stage

NEW_PER_DAY = 20  # new cards a learner starts per deck per day, Anki's default
LEARN_AHEAD = timedelta(minutes=20)  # when nothing else is left, learning cards due this soon are shown
FORECAST_DAYS = 7
BAR_LEVELS = 10

# Previews on the rating buttons show the plain interval; the real review adds fuzz.
_PREVIEW = fsrs.Scheduler(
    parameters=SCHEDULER.parameters,
    desired_retention=SCHEDULER.desired_retention,
    learning_steps=SCHEDULER.learning_steps,
    relearning_steps=SCHEDULER.relearning_steps,
    maximum_interval=SCHEDULER.maximum_interval,
    enable_fuzzing=False,
)


def today_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow in the site's time zone (a study day starts at midnight)."""
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, timezone.localtime(start + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def question_ids(deck: Deck) -> QuerySet:
    return deck.questions().order_by().values("pk")


@dataclass(frozen=True)
class DeckCounts:
    total: int
    seen: int = 0
    learning: int = 0  # learning and relearning cards due before the day ends
    due: int = 0  # review cards due today (or overdue)
    introduced_today: int = 0
    withheld: int = 0  # the deck's questions in an exam the learner has open: in none of the counts above
    withheld_ids: frozenset[int] = frozenset()  # all such questions, whatever the deck

    @property
    def unseen(self) -> int:
        return max(0, self.total - self.seen)

    @property
    def new(self) -> int:
        return max(0, min(self.unseen, NEW_PER_DAY - self.introduced_today))

    @property
    def waiting(self) -> int:
        return self.new + self.learning + self.due


def deck_counts(learner: LearnerRef, decks: list[Deck], now: datetime) -> dict[int, DeckCounts]:
    """Counts for several decks from the learner's own cards, grouped by what each kind of deck selects
    questions by: at most one statement per kind of deck, however many decks. Each deck needs
    `question_count` (with_question_counts or Deck.objects.listing()).

    The questions of an exam the learner has open are left out, as the queue leaves them out (their
    backs would answer the exam): the counts are what can be studied now, and `withheld` says how many
    more come back when the exam is over (also set on each deck as `withheld_count`)."""
    withheld = withheld_question_ids(learner)
    attach_withheld_counts(decks, withheld)
    if learner is None or not decks:
        return {deck.pk: DeckCounts(total=deck.question_count) for deck in decks}
    start, end = today_bounds(now)
    aggregates = {
        "n_seen": Count("pk"),
        "n_learning": Count("pk", filter=Q(stage__in=[Stage.LEARNING, Stage.RELEARNING], due__lt=end)),
        "n_due": Count("pk", filter=Q(stage=Stage.REVIEW, due__lt=end)),
        "n_introduced": Count("pk", filter=Q(introduced_at__gte=start)),
    }
    studied = Question.objects.live().exclude(pk__in=withheld) if withheld else Question.objects.live()
    cards = CardState.objects.owned_by(learner).in_questions(studied)
    rows = grouped_by_rule(decks, cards, aggregates, to_question="question__")
    held = frozenset(withheld)
    return {
        deck.pk: DeckCounts(
            total=deck.question_count - deck.withheld_count,
            seen=rows[deck.pk]["n_seen"],
            learning=rows[deck.pk]["n_learning"],
            due=rows[deck.pk]["n_due"],
            introduced_today=rows[deck.pk]["n_introduced"],
            withheld=deck.withheld_count,
            withheld_ids=held,
        )
        for deck in decks
    }


@dataclass(frozen=True)
class StudyCard:
    question: Question
    state: CardState | None
    faces: Faces
    previews: dict[int, timedelta]

    @property
    def reps(self) -> int:
        return self.state.reps if self.state else 0

    @property
    def is_new(self) -> bool:
        return self.state is None

    def ratings(self) -> list[tuple[int, str, str]]:
        """(value, label, interval preview) for the four rating buttons."""
        return [(r.value, r.label, short_interval(self.previews[r.value])) for r in Rating]


def short_interval(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    if minutes < 1:
        return _("<1 min")
    if minutes < 60:
        return _("%(n)d min") % {"n": round(minutes)}
    if minutes < 24 * 60:
        return _("%(n)d h") % {"n": round(minutes / 60)}
    days = minutes / (24 * 60)
    if days < 31:
        return _("%(n)d d") % {"n": round(days)}
    if days < 365:
        return _("%(n).1f mo") % {"n": days / 30}
    return _("%(n).1f y") % {"n": days / 365}


def _study_card(question: Question, state: CardState | None, now: datetime) -> StudyCard:
    now = now.astimezone(UTC)  # fsrs insists on UTC
    current = state.to_fsrs() if state else fsrs.Card(card_id=question.pk, due=now)
    previews = {}
    for rating in Rating:
        card, _log = _PREVIEW.review_card(current, fsrs.Rating(rating), review_datetime=now)
        previews[rating.value] = card.due - now
    return StudyCard(question=question, state=state, faces=faces(question), previews=previews)


def next_card(learner: LearnerRef, deck: Deck, counts: DeckCounts, now: datetime) -> StudyCard | None:
    """Learning cards due now, then reviews due today, then new cards, then learning cards due soon."""
    cards = due_cards(learner, deck, counts, now, limit=1)
    return cards[0] if cards else None


def due_cards(learner: LearnerRef, deck: Deck, counts: DeckCounts, now: datetime, limit: int = 50) -> list[StudyCard]:
    """The cards next_card would show one by one, as a list of at most `limit`: learning cards due
    now and reviews due today, then today's new cards, or else learning cards due soon."""
    # A card's back is its answer: an exam the learner has open keeps its questions out of the queue
    # (deck_counts asked which, and counted without them).
    withheld = counts.withheld_ids
    states = CardState.objects.owned_by(learner).filter(question__in=question_ids(deck)).exclude(question__in=withheld)
    _, end = today_bounds(now)
    learning_first = Case(When(stage=Stage.REVIEW, then=Value(1)), default=Value(0), output_field=IntegerField())
    due = states.filter(Q(due__lte=now) | Q(stage=Stage.REVIEW, due__lt=end)).order_by(learning_first, "due", "pk")
    chosen = list(due[:limit])
    new: list[Question] = []
    room = min(limit - len(chosen), counts.new)
    if room > 0:
        unseen = deck.questions().exclude(pk__in=withheld)
        if learner:
            unseen = unseen.exclude(pk__in=CardState.objects.owned_by(learner).values("question"))
        new = list(unseen.for_cards()[:room])
    if not chosen and not new:
        soon = states.exclude(stage=Stage.REVIEW).filter(due__lte=now + LEARN_AHEAD)
        chosen = list(soon.order_by("due", "pk")[:limit])
    questions = Question.objects.filter(pk__in=[s.question_id for s in chosen]).for_cards().in_bulk()
    cards = [_study_card(questions[s.question_id], s, now) for s in chosen if s.question_id in questions]
    return cards + [_study_card(question, None, now) for question in new]


def chosen_card(learner: LearnerRef, deck: Deck, question_id: int, now: datetime) -> StudyCard | None:
    """A card the page asked for by question (to show its back without JavaScript)."""
    question = deck.questions().for_cards().filter(pk=question_id).first()
    if question is None:
        return None
    state = CardState.objects.owned_by(learner).filter(question=question).first()
    return _study_card(question, state, now)


def next_due(learner: LearnerRef, deck: Deck) -> datetime | None:
    if learner is None:
        return None
    return (
        CardState.objects.owned_by(learner)
        .filter(question__in=question_ids(deck))
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


@dataclass(frozen=True)
class ForecastDay:
    day: date
    count: int
    level: int  # 0..BAR_LEVELS, the bar height as a CSS class (no inline styles)


def forecast(learner: LearnerRef, deck: Deck, now: datetime, days: int = FORECAST_DAYS) -> list[ForecastDay]:
    """Cards due on each of the coming days; today includes anything overdue."""
    start, _ = today_bounds(now)
    today = start.date()
    counts = dict.fromkeys((today + timedelta(days=n) for n in range(days)), 0)
    if learner is not None:
        horizon = start + timedelta(days=days)
        rows = (
            CardState.objects.owned_by(learner)
            .filter(question__in=question_ids(deck), due__lt=horizon)
            .annotate(day=TruncDate("due", tzinfo=timezone.get_current_timezone()))
            .order_by()
            .values("day")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            day = max(row["day"], today)
            if day in counts:
                counts[day] += row["n"]
    peak = max(counts.values(), default=0)
    return [ForecastDay(day, n, math.ceil(n * BAR_LEVELS / peak) if peak and n else 0) for day, n in counts.items()]
