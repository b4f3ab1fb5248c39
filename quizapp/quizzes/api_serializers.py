"""Serializers for quizzes, attempts, answers and results."""

from __future__ import annotations

from django.core.validators import validate_slug
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizapp.api.base import MAX_ID
from quizapp.library.api_serializers import QuestionSerializer, SourceSerializer, absolute
from quizapp.params import measured
from quizapp.quizzes.feedback import shows_feedback
from quizapp.quizzes.models import Answer, Attempt, Quiz
from quizapp.quizzes.responses import MAX_TEXT


class QuizSerializer(serializers.ModelSerializer):
    tag = serializers.SlugRelatedField(read_only=True, slug_field="name", allow_null=True)
    page_url = serializers.SerializerMethodField(help_text="The quiz in the browser.")

    class Meta:
        model = Quiz
        fields = [
            "slug", "title", "description", "rule", "article", "tag", "mode", "time_limit_minutes",
            "question_count", "pass_mark", "scoring", "is_automatic", "page_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_page_url(self, quiz: Quiz) -> str:
        return absolute(self.context, quiz.get_absolute_url())


def attempt_state(attempt: Attempt) -> str:
    if attempt.is_finished:
        return "finished"
    return "expired" if attempt.is_expired else "open"


class AttemptSerializer(serializers.ModelSerializer):
    quiz = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    quiz_title = serializers.CharField(source="quiz.title", read_only=True)
    state = serializers.SerializerMethodField(help_text="open, finished, or expired (an exam past its time limit).")
    answered = serializers.IntegerField(source="position", read_only=True, help_text="Questions answered so far.")
    total = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    passed = serializers.SerializerMethodField(help_text="Null while the attempt is open.")
    seconds_left = serializers.SerializerMethodField(help_text="Exam with a time limit: seconds until it closes.")
    current_question = serializers.SerializerMethodField(
        help_text="Id of the question to answer next, if any (in an exam: the first unanswered one)."
    )
    flagged = serializers.ListField(
        source="flagged_ids",
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Exam: questions the learner flagged for review (see `questions/` for their numbers).",
    )
    withdrawn = serializers.ListField(
        source="withdrawn_ids",
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Questions taken out of this attempt unanswered because they left learners (their source changed).",
    )

    class Meta:
        model = Attempt
        fields = [
            "id", "quiz", "quiz_title", "mode", "scoring", "state", "answered", "total", "score", "percent",
            "pass_mark", "passed", "started_at", "deadline", "seconds_left", "finished_at", "current_question",
            "retry_of", "flagged", "withdrawn",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["open", "finished", "expired"]))
    def get_state(self, attempt: Attempt) -> str:
        return attempt_state(attempt)

    def get_passed(self, attempt: Attempt) -> bool | None:
        return None if attempt.is_open else attempt.passed

    def get_seconds_left(self, attempt: Attempt) -> int | None:
        return attempt.seconds_left()

    def get_current_question(self, attempt: Attempt) -> int | None:
        return attempt.current_question_id() if attempt.is_open else None


class AttemptStartSerializer(serializers.Serializer):
    quiz = serializers.CharField(max_length=80, validators=[validate_slug], help_text="The quiz's slug.")


class CurrentQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first question of the attempt.")
    total = serializers.IntegerField()
    seconds_left = serializers.IntegerField(allow_null=True)
    question = QuestionSerializer()


class LenientBooleanField(serializers.BooleanField):
    default_empty_html = serializers.empty  # a form without `answer` has no answer, not False


@extend_schema_field({"type": "integer", "minimum": 0, "description": "Milliseconds spent; above 2³¹−1 kept as 2³¹−1."})
class ElapsedField(serializers.Field):
    """The time an answer took, read like the answer form's (quizapp/params.measured): a time too
    large for its column is clamped, never a reason to refuse (and lose) the learner's answer."""

    default_error_messages = {"invalid": "Must be a whole number of milliseconds, 0 or more."}

    def to_internal_value(self, data):
        if isinstance(data, str):  # a form-encoded body: as lenient as the page's form
            return measured(data)
        if isinstance(data, bool) or not isinstance(data, int) or data < 0:
            self.fail("invalid")
        return measured(data)

    def to_representation(self, value):
        return value


class AnswerRequestSerializer(serializers.Serializer):
    """The fields of the browser's answer form; send the one the question's type needs."""

    question = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The question being answered.")
    choice = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text="Single choice.")
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=26, required=False,
        help_text="Multiple response: every choice ticked.",
    )  # fmt: skip
    answer = LenientBooleanField(required=False, help_text="True/false.")
    blank = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TEXT * 5, allow_blank=True, trim_whitespace=False),
        max_length=20, required=False, help_text="Cloze: one answer per blank, in order (see `blanks`).",
    )  # fmt: skip
    text = serializers.CharField(
        max_length=MAX_TEXT * 5, required=False, allow_blank=True, help_text="Short answer and numeric."
    )
    elapsed_ms = ElapsedField(required=False)


NOTE_HELP = "What grading noticed, in words, e.g. '1 of 3 blanks right.'; empty when nothing."


class ChoiceReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    picked = serializers.BooleanField()
    feedback = serializers.CharField()


class FeedbackSerializer(serializers.Serializer):
    """Built from quizzes.feedback.feedback_for: what the browser shows after an answer."""

    correct = serializers.BooleanField()
    partial = serializers.BooleanField()
    score = serializers.FloatField(source="answer.score")
    expected = serializers.CharField(help_text="The right answer in words.")
    note = serializers.CharField(help_text=NOTE_HELP)
    explanation = serializers.CharField(source="question.explanation")
    full_text = serializers.SerializerMethodField(help_text="The prompt with the answer in place.")
    choices = ChoiceReviewSerializer(many=True)
    source = SourceSerializer(source="fact")

    def get_full_text(self, row: dict) -> str:
        return row["question"].revealed_prompt()


class AnswerResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="answer.question_id")
    response = serializers.JSONField(source="answer.response", help_text="Your answer as stored (ids, text, …).")
    your_answer = serializers.CharField(help_text="Your answer in words.")
    answered_at = serializers.DateTimeField(source="answer.answered_at")
    feedback = serializers.SerializerMethodField(
        help_text="Right or wrong, the right answer, why, and the source. Null in an exam until it is over, "
        "and for a question an exam you have open also asks."
    )
    attempt = AttemptSerializer()

    @extend_schema_field(FeedbackSerializer(allow_null=True))
    def get_feedback(self, row: dict) -> dict | None:
        if not shows_feedback(row["attempt"], row["question"].pk):
            return None
        return FeedbackSerializer(row, context=self.context).data


class RegradeNoteSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    old = serializers.FloatField(help_text="The mark before.")
    new = serializers.FloatField(help_text="The mark after.")
    old_key = serializers.CharField(help_text="The right answer before, in words.")
    new_key = serializers.CharField(help_text="The right answer after, in words.")


class ResultRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    question = serializers.IntegerField(source="question.pk")
    type = serializers.CharField(source="question.type")
    prompt = serializers.SerializerMethodField(help_text="The prompt with the answer in place.")
    answered = serializers.SerializerMethodField()
    response = serializers.SerializerMethodField(help_text="Your answer as stored; null if unanswered.")
    your_answer = serializers.CharField()
    correct = serializers.BooleanField()
    partial = serializers.BooleanField()
    score = serializers.SerializerMethodField()
    expected = serializers.CharField(help_text="The right answer in words.")
    note = serializers.CharField(help_text=NOTE_HELP)
    explanation = serializers.CharField(source="question.explanation")
    choices = ChoiceReviewSerializer(many=True)
    source = SourceSerializer(source="fact")
    changed_since = serializers.BooleanField(
        help_text="The question was edited since this answer: it is shown as it was asked and graded."
    )
    regrades = RegradeNoteSerializer(many=True, help_text="Regrades of this answer after its key was corrected.")

    def get_prompt(self, row: dict) -> str:
        return row["question"].revealed_prompt()

    def get_answered(self, row: dict) -> bool:
        return row["answer"] is not None

    @extend_schema_field(OpenApiTypes.ANY)
    def get_response(self, row: dict):
        answer: Answer | None = row["answer"]
        return answer.response if answer else None

    def get_score(self, row: dict) -> float:
        return row["answer"].score if row["answer"] else 0.0


class ResultsSerializer(serializers.Serializer):
    attempt = AttemptSerializer()
    wrong_count = serializers.IntegerField()
    rows = ResultRowSerializer(many=True)
