"""API for decks: list them, and download one as an Anki package."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from quizapp.accounts.learners import current_learner_id
from quizapp.accounts.throttle import endpoint_wait, wait_message
from quizapp.api.base import SLUG_PATTERN, ApiViewMixin
from quizapp.api.errors import Conflict, error_responses
from quizapp.decks.models import Deck, attach_question_counts, attach_withheld_counts
from quizapp.decks.packages import package_response, ready_package
from quizapp.library.api_serializers import absolute
from quizapp.library.revealed import EXAM_HOLDS_DECK, withheld_question_ids
from quizapp.web import APKG_MEDIA_TYPE

RETRY_AFTER_SECONDS = 5


class PreparingSerializer(serializers.Serializer):
    status = serializers.CharField(help_text='Always "preparing".')
    retry_after = serializers.IntegerField(help_text="Seconds to wait before asking again.")


class DeckSerializer(serializers.ModelSerializer):
    tag = serializers.SlugRelatedField(read_only=True, slug_field="name", allow_null=True)
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions in the deck.")
    withheld_count = serializers.IntegerField(
        read_only=True,
        help_text="Of those, questions of an exam you have open: the study endpoints leave them out until it is over.",
    )
    apkg_url = serializers.SerializerMethodField(help_text="Download the deck as an Anki package.")
    study_url = serializers.SerializerMethodField(help_text="Due cards, through the API.")

    class Meta:
        model = Deck
        fields = [
            "slug", "name", "description", "kind", "article", "tag", "question_count", "withheld_count", "anki_deck_id",
            "apkg_url", "study_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_apkg_url(self, deck: Deck) -> str:
        return absolute(self.context, reverse("api:deck-apkg", args=[deck.slug]))

    def get_study_url(self, deck: Deck) -> str:
        return absolute(self.context, reverse("api:study-due", args=[deck.slug]))


@extend_schema_view(
    list=extend_schema(summary="List decks", responses={200: DeckSerializer(many=True), **error_responses(404)}),
    retrieve=extend_schema(summary="Read a deck", responses={200: DeckSerializer, **error_responses(404)}),
)
class DeckViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    # Counted for the page (or the deck) only, from the counts cached under the library's version.
    queryset = Deck.objects.in_listing_order()
    serializer_class = DeckSerializer
    lookup_field = "slug"
    lookup_example = "all"
    lookup_value_regex = SLUG_PATTERN

    def _counted(self, decks: list[Deck]) -> list[Deck]:
        attach_question_counts(decks)
        return attach_withheld_counts(decks, withheld_question_ids(current_learner_id(self.request)))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if page is None else self._counted(list(page))

    def get_object(self) -> Deck:
        deck = super().get_object()
        if self.action == "retrieve":
            self._counted([deck])
        return deck

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # The package is the package whatever the Accept header says (Anki, curl, a browser).
        return super().perform_content_negotiation(request, force=force or self.action == "apkg")

    @extend_schema(
        summary="Download the deck as an Anki package (.apkg)",
        description=(
            "Re-importing a newer download updates notes in place and keeps review history. The package is "
            "built once per content version in the background: until it is ready the answer is 202 with "
            "Retry-After; ask again then."
        ),
        responses={
            (200, APKG_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .apkg file."),
            (202, "application/json"): OpenApiResponse(
                PreparingSerializer, description="Being built; ask again after Retry-After seconds."
            ),
            **error_responses(404, 409),
        },
    )
    @action(detail=True, methods=["get"])
    def apkg(self, request: Request, slug: str) -> HttpResponse:
        deck = self.get_object()
        path = ready_package(deck)
        if path is None:
            body = {"status": "preparing", "retry_after": RETRY_AFTER_SECONDS}
            return Response(body, status=202, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        if wait := endpoint_wait(request, "download"):
            raise Throttled(wait=wait, detail=wait_message(wait))
        if deck.holds_any(withheld_question_ids(current_learner_id(request))):
            raise Conflict(EXAM_HOLDS_DECK)
        return package_response(path, deck.download_filename)
