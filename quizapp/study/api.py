"""API for flashcard study: what is due in a deck, rating a card, and a learner's own card states.

Cards belong to the current learner (account or anonymous session); someone else's card is a 404.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from quizapp.accounts.learners import current_learner
from quizapp.api.base import MAX_ID, SLUG_PATTERN, ApiViewMixin, IdLookupMixin, query_int
from quizapp.api.errors import error_responses
from quizapp.decks.models import Deck
from quizapp.library.api_serializers import SourceSerializer
from quizapp.study import queue
from quizapp.study.models import CardState, Rating, ReviewLog, Stage, review

MAX_DUE = 100
STAGES = [stage.name.lower() for stage in Stage]


def _stage_field():
    return extend_schema_field(serializers.ChoiceField(choices=STAGES, allow_null=True))


class CardStateSerializer(serializers.ModelSerializer):
    stage = serializers.SerializerMethodField()

    class Meta:
        model = CardState
        fields = [
            "id", "question", "stage", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
            "introduced_at",
        ]  # fmt: skip
        read_only_fields = fields

    @_stage_field()
    def get_stage(self, state: CardState) -> str:
        return Stage(state.stage).name.lower()


class ReviewLogSerializer(serializers.ModelSerializer):
    stage = serializers.SerializerMethodField(help_text="The card's stage when it was rated; null for a new card.")

    class Meta:
        model = ReviewLog
        fields = ["rating", "reviewed_at", "stage", "due_after"]
        read_only_fields = fields

    @_stage_field()
    def get_stage(self, log: ReviewLog) -> str | None:
        return None if log.stage_before is None else Stage(log.stage_before).name.lower()


class CardHistorySerializer(CardStateSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(CardStateSerializer.Meta):
        fields = [*CardStateSerializer.Meta.fields, "reviews"]
        read_only_fields = fields

    @extend_schema_field(ReviewLogSerializer(many=True))
    def get_reviews(self, state: CardState) -> list[dict]:
        logs = ReviewLog.objects.filter(learner=state.learner_id, question=state.question_id)
        return ReviewLogSerializer(logs, many=True).data


class FaceChoiceSerializer(serializers.Serializer):
    text = serializers.CharField()
    correct = serializers.BooleanField()


class RatingOptionSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    label = serializers.CharField()
    interval = serializers.CharField(help_text="When the card would come back, e.g. '10 min', '3 d'.")
    seconds = serializers.IntegerField()


class StudyCardSerializer(serializers.Serializer):
    """A flashcard: its front, and the back a learner flips to (a flashcard's answer is no secret)."""

    question = serializers.IntegerField(source="question.pk")
    type = serializers.CharField(source="question.type")
    is_new = serializers.BooleanField()
    reps = serializers.IntegerField(help_text="Send this back with the rating: a repeated rating then changes nothing.")
    front = serializers.CharField(source="faces.front")
    answer = serializers.CharField(source="faces.answer")
    full_text = serializers.CharField(source="faces.full_text")
    choices = FaceChoiceSerializer(source="faces.choices", many=True)
    explanation = serializers.CharField(source="question.explanation")
    source = SourceSerializer(source="question.fact")
    ratings = serializers.SerializerMethodField()
    state = CardStateSerializer(allow_null=True)

    @extend_schema_field(RatingOptionSerializer(many=True))
    def get_ratings(self, card: queue.StudyCard) -> list[dict]:
        return [
            {"rating": value, "label": label, "interval": text, "seconds": int(card.previews[value].total_seconds())}
            for value, label, text in card.ratings()
        ]


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    seen = serializers.IntegerField()
    new = serializers.IntegerField(help_text="New cards still to start today.")
    learning = serializers.IntegerField()
    due = serializers.IntegerField(help_text="Review cards due today.")
    waiting = serializers.IntegerField()
    withheld = serializers.IntegerField(
        help_text="Cards of an exam you have open: in none of the counts above, back once the exam is over."
    )


class ForecastDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class StudyOverviewSerializer(serializers.Serializer):
    deck = serializers.CharField(source="deck.slug")
    counts = CountsSerializer()
    next_due = serializers.DateTimeField(allow_null=True)
    forecast = ForecastDaySerializer(many=True)


class DueCardsSerializer(serializers.Serializer):
    deck = serializers.CharField(source="deck.slug")
    counts = CountsSerializer()
    cards = StudyCardSerializer(many=True)


class ReviewRequestSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The card's question id.")
    rating = serializers.ChoiceField(choices=Rating.choices, help_text="1 Again, 2 Hard, 3 Good, 4 Easy.")
    reps = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="The card's `reps` as you showed it (0 for a new card)."
    )


class ReviewResultSerializer(serializers.Serializer):
    reviewed = serializers.BooleanField(help_text="False: a repeated or stale rating, nothing was written.")
    message = serializers.CharField()
    state = CardStateSerializer(allow_null=True)


def _message(outcome, rating: int) -> str:
    if not outcome.reviewed:
        return _("That card was already rated; nothing changed.")
    interval = queue.short_interval(outcome.state.due - outcome.state.last_review)
    # The study page's words, so the translation it has applies here too.
    return _("%(rating)s: next review in %(interval)s.") % {"rating": Rating(rating).label, "interval": interval}


@extend_schema_view(
    retrieve=extend_schema(
        summary="How much is waiting in a deck, and the week ahead",
        responses={200: StudyOverviewSerializer, **error_responses(404)},
    ),
)
class StudyViewSet(ApiViewMixin, viewsets.GenericViewSet):
    queryset = Deck.objects.with_question_counts()
    lookup_field = "slug"
    lookup_example = "all"
    lookup_value_regex = SLUG_PATTERN

    def retrieve(self, request: Request, slug: str) -> Response:
        deck, learner, now = self.get_object(), current_learner(request), timezone.now()
        data = {
            "deck": deck,
            "counts": queue.deck_counts(learner, [deck], now)[deck.pk],
            "next_due": queue.next_due(learner, deck),
            "forecast": queue.forecast(learner, deck, now),
        }
        return Response(StudyOverviewSerializer(data).data)

    @extend_schema(
        summary="The flashcards to study now",
        description="Learning cards due now and reviews due today, then today's new cards (20 a day per deck).",
        parameters=[
            OpenApiParameter(
                "limit", {"type": "integer", "minimum": 1, "maximum": MAX_DUE}, description="At most this many."
            )
        ],
        responses={200: DueCardsSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def due(self, request: Request, slug: str) -> Response:
        limit = query_int(request, "limit", maximum=MAX_DUE) or 50
        deck, learner, now = self.get_object(), current_learner(request), timezone.now()
        counts = queue.deck_counts(learner, [deck], now)[deck.pk]
        data = {"deck": deck, "counts": counts, "cards": queue.due_cards(learner, deck, counts, now, limit)}
        return Response(DueCardsSerializer(data, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Rate a flashcard",
        description="Schedules the card with FSRS. Sending the same rating twice (same `reps`) reviews it once.",
        request=ReviewRequestSerializer,
        responses={200: ReviewResultSerializer, **error_responses(400, 403, 404, 415)},
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, slug: str) -> Response:
        deck = self.get_object()
        body = ReviewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = deck.questions().filter(pk=body.validated_data["question"]).first()
        if question is None:
            raise NotFound("This deck has no such card.")
        rating = body.validated_data["rating"]
        outcome = review(current_learner(request, create=True), question, rating, seen_reps=body.validated_data["reps"])
        data = {"reviewed": outcome.reviewed, "message": _message(outcome, rating), "state": outcome.state}
        return Response(ReviewResultSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        summary="List my flashcards", responses={200: CardStateSerializer(many=True), **error_responses(404)}
    ),
    retrieve=extend_schema(
        summary="One of my flashcards, with its review history",
        responses={200: CardHistorySerializer, **error_responses(404)},
    ),
)
class CardViewSet(
    IdLookupMixin, ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CardState.objects.none()
        return CardState.objects.owned_by(current_learner(self.request)).order_by("due", "pk")

    def get_serializer_class(self):
        return CardHistorySerializer if self.action == "retrieve" else CardStateSerializer
