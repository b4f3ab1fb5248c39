"""An exam's navigation over the API, as on its pages (issue 16, point 5): the navigator (answered /
flagged / unanswered), any question by number with the answer given so far, and flags. Answers go
through the attempt's one `answer/` action, which in an exam takes any question in any order and
replaces an answer until the exam is submitted or its time runs out (quizapp/quizzes/exam.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quizapp.api.base import MAX_ID
from quizapp.api.errors import Conflict, error_responses
from quizapp.library.api_serializers import QuestionSerializer
from quizapp.library.models import Question
from quizapp.quizzes.models import Attempt, AttemptClosed, Mode, NotInAttempt

DELETED = "This question has been deleted since the attempt began."
# The question with its source line, its choices and (for the question card) its tags.
QUESTIONS = Question.objects.with_source().prefetch_related("choices", "tags")
PRACTICE_IN_ORDER = "Practice questions come one at a time, in order: GET current/ for the next one."


def question_for_learner(pk: int) -> Question:
    question = QUESTIONS.filter(pk=pk).first()
    if question is None:
        raise NotFound(DELETED)
    return question


class NavItemSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first question; its page is `questions/{number}/`.")
    question = serializers.IntegerField(source="question_id")
    answered = serializers.BooleanField()
    flagged = serializers.BooleanField(help_text="Flagged for review by the learner.")


class NavigatorSerializer(serializers.Serializer):
    answered = serializers.IntegerField(help_text="How many questions are answered.")
    total = serializers.IntegerField()
    seconds_left = serializers.IntegerField(allow_null=True)
    unanswered = serializers.ListField(child=serializers.IntegerField(), help_text="Numbers of unanswered questions.")
    flagged = serializers.ListField(child=serializers.IntegerField(), help_text="Numbers of flagged questions.")
    items = NavItemSerializer(many=True)


class ExamQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    total = serializers.IntegerField()
    seconds_left = serializers.IntegerField(allow_null=True)
    answered = serializers.BooleanField()
    flagged = serializers.BooleanField()
    response = serializers.JSONField(
        allow_null=True, help_text="The answer given so far, as stored (send a new one to `answer/` to change it)."
    )
    question = QuestionSerializer()


class FlagRequestSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The question to flag.")
    flagged = serializers.BooleanField(help_text="true flags it for review, false takes the flag off.")


def navigator_data(attempt: Attempt) -> dict:
    items = attempt.navigator()
    return {
        "answered": attempt.position,
        "total": attempt.total,
        "seconds_left": attempt.seconds_left(),
        "unanswered": [item.number for item in items if not item.answered],
        "flagged": [item.number for item in items if item.flagged],
        "items": items,
    }


class ExamActions:
    """Mixed into the attempts' viewset: an exam's navigation."""

    def _exam(self) -> Attempt:
        attempt = self.get_object()
        if attempt.mode != Mode.EXAM:
            raise Conflict(PRACTICE_IN_ORDER)
        return attempt

    @extend_schema(
        operation_id="v1_attempts_questions_list",
        summary="An exam's questions: which are answered, flagged or unanswered",
        responses={200: NavigatorSerializer, **error_responses(404, 409)},
    )
    @action(detail=True, methods=["get"])
    def questions(self, request: Request, pk: str) -> Response:
        return Response(NavigatorSerializer(navigator_data(self._exam())).data)

    @extend_schema(
        operation_id="v1_attempts_question_retrieve",
        summary="One question of an open exam, by number, with the answer given so far",
        responses={200: ExamQuestionSerializer, **error_responses(404, 409)},
    )
    @action(detail=True, methods=["get"], url_path=r"questions/(?P<number>[0-9]{1,9})")
    def question(self, request: Request, pk: str, number: str) -> Response:
        attempt = self._exam()
        try:
            attempt.ensure_open()
        except AttemptClosed as exc:
            raise Conflict(str(exc)) from None
        attempt.withdraw_stale()
        question_id = attempt.question_id_at(int(number))
        if question_id is None:
            raise NotFound(f"This exam has questions 1 to {attempt.total}.")
        stored = attempt.answers.filter(question_id=question_id).first()
        data = {
            "number": int(number), "total": attempt.total, "seconds_left": attempt.seconds_left(),
            "answered": stored is not None, "flagged": question_id in attempt.flagged_ids,
            "response": stored.response if stored else None, "question": question_for_learner(question_id),
        }  # fmt: skip
        context = {**self.get_serializer_context(), "attempt": attempt}
        return Response(ExamQuestionSerializer(data, context=context).data)

    @extend_schema(
        summary="Flag an exam question for review, or take the flag off",
        request=FlagRequestSerializer,
        responses={200: NavigatorSerializer, **error_responses(400, 403, 404, 409, 415)},
    )
    @action(detail=True, methods=["post"])
    def flag(self, request: Request, pk: str) -> Response:
        attempt = self._exam()
        body = FlagRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attempt.set_flag(body.validated_data["question"], body.validated_data["flagged"])
        except NotInAttempt as exc:
            raise ValidationError({"question": [str(exc)]}) from None
        except AttemptClosed as exc:
            raise Conflict(str(exc)) from None
        return Response(NavigatorSerializer(navigator_data(attempt)).data)
