"""API for quizzes and a learner's attempts: the browser's quiz flow, as JSON.

A learner is an account (token or session) or an anonymous browser session, as on the site.
Every attempt lookup is scoped to the current learner: someone else's attempt is a 404.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quizapp.accounts.learners import current_learner
from quizapp.accounts.throttle import endpoint_wait, wait_message
from quizapp.api.base import SLUG_PATTERN, ApiViewMixin, RecordViewSet
from quizapp.api.errors import Conflict, error_responses
from quizapp.library.models import Question
from quizapp.quizzes.api_serializers import (
    AnswerRequestSerializer,
    AnswerResultSerializer,
    AttemptSerializer,
    AttemptStartSerializer,
    CurrentQuestionSerializer,
    QuizSerializer,
    ResultsSerializer,
)
from quizapp.quizzes.exam_api import DELETED, QUESTIONS, ExamActions
from quizapp.quizzes.exam_api import question_for_learner as _question
from quizapp.quizzes.feedback import RESULTS_HELD, feedback_for, results_held, review_rows, with_open_exam_flag
from quizapp.quizzes.grading import UngradableQuestion
from quizapp.quizzes.models import Attempt, AttemptClosed, NotInAttempt, OutOfOrder, Quiz, Withdrawn
from quizapp.quizzes.refusals import QUIZ_CLOSED
from quizapp.quizzes.responses import ResponseError


def _start(request: Request, quiz: Quiz) -> Response:
    if wait := endpoint_wait(request, "start"):  # each start makes an attempt (and a learner, anonymously)
        raise Throttled(wait=wait, detail=wait_message(wait))
    if quiz.is_closed:
        raise Conflict(str(QUIZ_CLOSED))
    question_ids = quiz.draw()
    if not question_ids:
        raise Conflict("This quiz has no published questions yet.")
    attempt = Attempt.start(quiz, current_learner(request, create=True), question_ids)
    location = request.build_absolute_uri(reverse("api:attempt-detail", args=[attempt.pk]))
    data = AttemptSerializer(attempt, context={"request": request}).data
    return Response(data, status=201, headers={"Location": location})


@extend_schema_view(
    list=extend_schema(summary="List quizzes", responses={200: QuizSerializer(many=True), **error_responses(404)}),
    retrieve=extend_schema(summary="Read a quiz", responses={200: QuizSerializer, **error_responses(404)}),
)
class QuizViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Quiz.objects.listed()
    serializer_class = QuizSerializer
    lookup_field = "slug"
    lookup_example = "mixed-practice"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        # A closed quiz (its article or tag deleted) is not listed, but still answers by its slug:
        # a start is then refused with the reason (409), not a bare 404.
        return Quiz.objects.listed() if self.action == "list" else Quiz.objects.with_heading()

    @extend_schema(
        summary="Start an attempt at this quiz",
        description="Draws the questions now; anonymous callers get a session cookie that identifies them.",
        request=None,
        responses={201: AttemptSerializer, **error_responses(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def attempts(self, request: Request, slug: str) -> Response:
        return _start(request, self.get_object())


@extend_schema_view(
    list=extend_schema(
        summary="List my attempts", responses={200: AttemptSerializer(many=True), **error_responses(404)}
    ),
    retrieve=extend_schema(
        summary="Read one of my attempts", responses={200: AttemptSerializer, **error_responses(404)}
    ),
    create=extend_schema(
        summary="Start an attempt",
        request=AttemptStartSerializer,
        responses={201: AttemptSerializer, **error_responses(400, 403, 409, 415)},
    ),
)
class AttemptViewSet(ExamActions, RecordViewSet):
    serializer_class = AttemptSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attempt.objects.none()
        attempts = Attempt.objects.owned_by(current_learner(self.request)).select_related("quiz")
        return with_open_exam_flag(attempts) if self.action == "answer" else attempts

    def create(self, request: Request, *args, **kwargs) -> Response:
        body = AttemptStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        quiz = Quiz.objects.filter(slug=body.validated_data["quiz"]).first()
        if quiz is None:
            raise ValidationError({"quiz": ["No quiz has this slug."]})
        return _start(request, quiz)

    @extend_schema(
        summary="The question to answer now",
        responses={200: CurrentQuestionSerializer, **error_responses(404, 409)},
    )
    @action(detail=True, methods=["get"])
    def current(self, request: Request, pk: str) -> Response:
        attempt = self.get_object()
        try:
            attempt.ensure_open()
        except AttemptClosed as exc:
            raise Conflict(str(exc)) from None
        attempt.withdraw_stale()
        question_id = attempt.current_question_id()
        if question_id is None:
            raise Conflict("Every question is answered: finish the attempt, then read its results.")
        context = {**self.get_serializer_context(), "attempt": attempt}
        data = {
            "number": attempt.number_of(question_id),
            "total": attempt.total,
            "seconds_left": attempt.seconds_left(),
            "question": _question(question_id),
        }
        return Response(CurrentQuestionSerializer(data, context=context).data)

    @extend_schema(
        summary="Answer a question",
        description="Send `question` and the field its type needs: `choice` (single choice), `choices` (multiple "
        "response), `answer` (true/false), `blank` (cloze, one per blank) or `text` (short answer, numeric). "
        "In practice, questions are answered in order: 201 records the answer; sending the same question again "
        "returns the stored answer with 200 and changes nothing. In an open exam any question may be answered in "
        "any order (see `questions/`), and sending one again replaces its answer (200) until the exam is finished "
        "or its time runs out. Practice mode includes the feedback; an exam shows it once it is over.",
        request=AnswerRequestSerializer,
        responses={
            201: OpenApiResponse(AnswerResultSerializer, description="Answer recorded."),
            200: OpenApiResponse(
                AnswerResultSerializer,
                description="Practice: already answered, the stored answer. Exam: the answer replaced.",
            ),
            **error_responses(400, 403, 404, 409, 415),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        attempt = self.get_object()
        body = AnswerRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            answer, created = attempt.answer(
                data["question"], data, questions=QUESTIONS, time_taken_ms=data.get("elapsed_ms")
            )
        except NotInAttempt as exc:
            raise ValidationError({"question": [str(exc)]}) from None
        except (AttemptClosed, OutOfOrder, Withdrawn) as exc:
            raise Conflict(str(exc)) from None
        except ResponseError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        except UngradableQuestion as exc:
            raise Conflict(str(exc.learner_message)) from None
        except Question.DoesNotExist:
            raise NotFound(DELETED) from None
        row = {**feedback_for(attempt, answer.question, answer), "attempt": attempt}
        data = AnswerResultSerializer(row, context=self.get_serializer_context()).data
        return Response(data, status=201 if created else 200)

    @extend_schema(
        summary="Finish the attempt",
        description="Unanswered questions count as wrong. Finishing a finished attempt changes nothing.",
        request=None,
        responses={200: AttemptSerializer, **error_responses(403, 404)},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str) -> Response:
        attempt = self.get_object()
        attempt.finish()
        return Response(AttemptSerializer(attempt, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Retry my mistakes: a new attempt with only the questions not answered right",
        request=None,
        responses={201: AttemptSerializer, **error_responses(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        attempt = self.get_object()
        if wait := endpoint_wait(request, "start"):  # a retry makes an attempt as a start does: one budget
            raise Throttled(wait=wait, detail=wait_message(wait))
        if not attempt.results_ready():
            raise Conflict("Finish this attempt before retrying its mistakes.")
        mistakes = attempt.mistake_ids()
        if not mistakes:
            raise Conflict("No mistakes to retry: every question was answered right.")
        if attempt.quiz.is_closed:
            raise Conflict(str(QUIZ_CLOSED))
        retry = Attempt.start(attempt.quiz, attempt.learner, mistakes, retry_of=attempt)
        location = request.build_absolute_uri(reverse("api:attempt-detail", args=[retry.pk]))
        data = AttemptSerializer(retry, context=self.get_serializer_context()).data
        return Response(data, status=201, headers={"Location": location})

    @extend_schema(
        summary="Results: every question, your answer, the right answer, why, and the source",
        responses={200: ResultsSerializer, **error_responses(404, 409)},
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str) -> Response:
        attempt = self.get_object()
        if not attempt.results_ready():
            raise Conflict(
                "Finish the quiz to see your results (POST to its finish/ URL; in practice, answering every question "
                "also does)."
            )
        if results_held(attempt):
            raise Conflict(RESULTS_HELD)
        rows = review_rows(attempt)
        data = {"attempt": attempt, "rows": rows, "wrong_count": sum(1 for row in rows if not row["correct"])}
        return Response(ResultsSerializer(data, context=self.get_serializer_context()).data)
