"""API for editors: each question's statistics, and accepting a probably-right typed answer.

The same figures as the admin (stats/items.py), for authors and editors only: learners' answers
in aggregate are not for learners.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quizapp.accounts.roles import Perm
from quizapp.api.base import ApiViewMixin, IdLookupMixin, choice_parameter, id_parameter, query_choice, query_int
from quizapp.api.errors import error_responses
from quizapp.library.models import Question
from quizapp.stats import items, stored
from quizapp.stats.editing import may_accept
from quizapp.stats.regrade import NotAcceptable, accept_answer


class ReadsStatistics(permissions.BasePermission):
    message = "Item statistics are for accounts in the Authors or Editors group."

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.has_perm(Perm.VIEW_QUESTION)


class SampleSerializer(serializers.Serializer):
    answers = serializers.IntegerField()
    facility = serializers.FloatField(allow_null=True, help_text="Mean score.")
    correct = serializers.FloatField(allow_null=True, help_text="Share of answers fully right.")
    discrimination = serializers.FloatField(allow_null=True, help_text="Corrected item–total correlation.")
    upper_lower = serializers.FloatField(allow_null=True, help_text="Top 27 % minus bottom 27 % (n ≥ 19).")
    median_seconds = serializers.FloatField(allow_null=True)
    judged = serializers.BooleanField(help_text=f"False below {items.figures.MIN_SAMPLE} answers: too few to judge.")


class SamplesSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="`first` (each learner's first answer) or `all`.")
    mode = serializers.CharField(help_text="`practice`, `exam`, or `both`.")
    sample = SampleSerializer()


class ChoiceRateSerializer(serializers.Serializer):
    choice = serializers.IntegerField(source="choice.pk")
    text = serializers.CharField(source="choice.text")
    is_correct = serializers.BooleanField(source="choice.is_correct")
    picked = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    not_working = serializers.BooleanField()


class WrongAnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    count = serializers.IntegerField()
    blank = serializers.IntegerField(allow_null=True, help_text="The cloze deletion number (c1 → 1).")
    probably_right = serializers.CharField(source="reason", allow_null=True, help_text="Why, when it probably is.")


class ItemStatsSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    type = serializers.CharField(source="question.type")
    prompt = serializers.CharField(source="question.prompt")
    flags = serializers.ListField(child=serializers.ChoiceField(choices=list(items.FLAGS)))
    basis = SampleSerializer(help_text="First answers, practice and exam together: what the flags judge.")
    samples = serializers.SerializerMethodField()
    choices = ChoiceRateSerializer(many=True)
    wrong_answers = WrongAnswerSerializer(source="wrong", many=True)
    reviews = serializers.IntegerField(help_text="Flashcard reviews.")
    again_rate = serializers.FloatField(allow_null=True)

    @extend_schema_field(SamplesSerializer(many=True))
    def get_samples(self, stats) -> list[dict]:
        rows = [{"scope": s, "mode": m, "sample": stats.samples[s, m]} for s in items.SCOPES for m in items.MODES]
        return SamplesSerializer(rows, many=True).data


class AcceptSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=200)
    blank = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99)


class RegradedSerializer(serializers.Serializer):
    answers = serializers.IntegerField(help_text="Stored answers whose mark went up.")
    attempts = serializers.IntegerField(help_text="Attempts whose score changed.")
    accepted_answers = serializers.ListField(child=serializers.CharField())


STATISTICS_FILTERS = [
    id_parameter("article", "Only questions on this article."),
    choice_parameter("attention", ["yes"], "Only questions with a flag."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Item statistics of questions (Authors, Editors)",
        parameters=STATISTICS_FILTERS,
        responses={200: ItemStatsSerializer(many=True), **error_responses(400, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="A question's item statistics (Authors, Editors)",
        responses={200: ItemStatsSerializer, **error_responses(403, 404)},
    ),
    accept=extend_schema(
        summary="Accept a typed answer and regrade (Editors; Authors on drafts)",
        description="Adds `answer` to a short answer's accepted answers, or to cloze deletion `blank`'s "
        "alternatives, and regrades every stored answer to the question (marks only go up).",
        request=AcceptSerializer,
        responses={200: RegradedSerializer, **error_responses(400, 403, 404, 415)},
    ),
)
class QuestionStatisticsViewSet(IdLookupMixin, ApiViewMixin, viewsets.GenericViewSet):
    permission_classes = [ReadsStatistics]
    serializer_class = ItemStatsSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        questions = Question.objects.order_by("pk")
        if self.action == "list":
            if (article := query_int(self.request, "article")) is not None:
                questions = questions.filter(fact__article_id=article)
            if query_choice(self.request, "attention", ["yes"]):
                questions = stored.needing_attention(questions)
        return questions

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        found = stored.for_questions(page, with_choices=True)
        return self.get_paginated_response(ItemStatsSerializer([found[q.pk] for q in page], many=True).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        question = self.get_object()
        return Response(ItemStatsSerializer(stored.for_questions([question], with_choices=True)[question.pk]).data)

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args, **kwargs) -> Response:
        question = self.get_object()
        if not may_accept(request.user, question):
            raise PermissionDenied("Only an editor (or the author, on a draft) changes a question's accepted answers.")
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = accept_answer(
                question, data.validated_data["answer"], blank=data.validated_data.get("blank"), user=request.user
            )
        except NotAcceptable as exc:
            raise ApiValidationError({"answer": [str(exc)]}) from None
        question.refresh_from_db(fields=["accepted_answers"])
        body = {"answers": result.answers, "attempts": result.attempts, "accepted_answers": question.accepted_answers}
        return Response(RegradedSerializer(body).data)
