"""Serializers for articles, facts and questions.

A question reads the same for everyone except its `answer_key`: null for a learner until they
have answered that question (then it holds the right answer, the explanation and the source),
filled for authors and editors. Writing goes through the same checks as the admin: Fact.anchor for
quotes, question_problems for questions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizapp.api.base import MAX_ID
from quizapp.library import cloze, retiring
from quizapp.library.checks import problems_before_review
from quizapp.library.duplicates import duplicate_message, duplicate_on_fact, question_key
from quizapp.library.models import (
    Article,
    Choice,
    Difficulty,
    Fact,
    Paragraph,
    Question,
    QuestionType,
    Status,
    Tag,
)
from quizapp.library.templatetags.quiz_display import expected_answer, learner_prompt
from quizapp.library.validation import ChoiceData, question_problems

MAX_TAGS = 20
MAX_CHOICES = 26


def absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class TagNameField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        # Tags travel to Anki, where a space separates tags.
        self.validators.append(RegexValidator(r"^\S+$", "A tag is one word: no spaces."))


def _set_tags(obj, names: list[str] | None) -> None:
    if names is None:
        return
    obj.tags.set([Tag.objects.get_or_create(name=name)[0] for name in dict.fromkeys(names)])


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key checked to fit the id column before the lookup, so a huge number is a 400."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or not 1 <= _as_int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def _as_int(value: int | str) -> int:
    if isinstance(value, int):
        return value
    return int(value) if value.isascii() and value.isdigit() else 0


# ---------------------------------------------------------------- articles


class ParagraphSerializer(serializers.ModelSerializer):
    anchor = serializers.CharField(read_only=True, help_text="The fragment to link to: #p<number>.")

    class Meta:
        model = Paragraph
        fields = ["number", "anchor", "text"]


class ArticleSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    paragraph_count = serializers.IntegerField(read_only=True)
    fact_count = serializers.IntegerField(read_only=True)
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions.")
    reader_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "title", "title_is_provisional", "author", "byline", "publisher", "published_on", "source_url",
            "script", "truncated", "tags", "paragraph_count", "fact_count", "question_count", "reader_url",
        ]  # fmt: skip

    def get_reader_url(self, article: Article) -> str:
        return absolute(self.context, article.get_absolute_url())


class ArticleDetailSerializer(ArticleSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "paragraphs"]


# ---------------------------------------------------------------- facts


class SourceSerializer(serializers.Serializer):
    """Where a question comes from: the fact's verbatim quote and a link that highlights it."""

    fact = serializers.IntegerField(source="pk")
    article = serializers.IntegerField(source="article_id")
    paragraph = serializers.IntegerField()
    quote = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, fact: Fact) -> str:
        return absolute(self.context, fact.source_url())


class FactSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    source_url = serializers.SerializerMethodField()

    class Meta:
        model = Fact
        fields = [
            "id", "uuid", "article", "quote", "start", "end", "paragraph", "restatement", "tags", "erratum",
            "drift", "drift_note", "source_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_source_url(self, fact: Fact) -> str:
        return absolute(self.context, fact.source_url())


class FactWriteSerializer(serializers.Serializer):
    article = BoundedPrimaryKeyField(queryset=Article.objects.all())
    quote = serializers.CharField(max_length=5000, help_text="Verbatim from one paragraph; whitespace may differ.")
    occurrence = serializers.IntegerField(
        min_value=1, max_value=10_000, required=False, allow_null=True,
        help_text="Only when the quote occurs more than once: which occurrence (1, 2, …).",
    )  # fmt: skip
    paragraph_hint = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, allow_null=True,
        help_text="Picks the occurrence in this paragraph when the quote occurs more than once.",
    )  # fmt: skip
    restatement = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    tags = serializers.ListField(child=TagNameField(), max_length=MAX_TAGS, required=False)
    erratum = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        """Fact.anchor decides, as in the admin: quote present, unambiguous (or occurrence given), one paragraph."""
        fact = self.instance or Fact()
        for name in ("restatement", "erratum"):
            if name in attrs:
                setattr(fact, name, attrs[name])
        try:
            fact.anchor(
                attrs.get("quote", fact.quote),
                attrs.get("occurrence"),
                article=attrs.get("article"),
                paragraph_hint=attrs.get("paragraph_hint"),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        attrs["_fact"] = fact
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict) -> Fact:
        fact = validated_data["_fact"]
        fact.save()
        _set_tags(fact, validated_data.get("tags"))
        return fact

    @transaction.atomic
    def update(self, instance: Fact, validated_data: dict) -> Fact:
        return self.create(validated_data)

    def to_representation(self, instance: Fact) -> dict:
        return FactSerializer(instance, context=self.context).data


# ---------------------------------------------------------------- questions


class ChoiceOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text"]


class ChoiceKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text", "is_correct", "feedback"]


class AnswerKeySerializer(serializers.Serializer):
    prompt = serializers.CharField(help_text="As authored (a cloze keeps its {{c1::…}} deletions).")
    full_text = serializers.SerializerMethodField(help_text="The prompt with the answer in place.")
    explanation = serializers.CharField()
    expected = serializers.SerializerMethodField(help_text="The right answer in words.")
    answer_bool = serializers.BooleanField(allow_null=True)
    accepted_answers = serializers.ListField(child=serializers.CharField())
    numeric_value = serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True)
    numeric_tolerance = serializers.DecimalField(max_digits=24, decimal_places=6)
    choices = ChoiceKeySerializer(many=True)
    source = SourceSerializer(source="fact")

    def get_full_text(self, question: Question) -> str:
        return question.revealed_prompt()

    def get_expected(self, question: Question) -> str:
        return expected_answer(question)


class QuestionSerializer(serializers.ModelSerializer):
    """Context: `show_answers` (staff), `revealed` (ids this learner has answered), `attempt` (choice order)."""

    article = serializers.IntegerField(source="fact.article_id", read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    prompt = serializers.SerializerMethodField(help_text="As the learner sees it: a cloze's deletions are blanked.")
    blanks = serializers.SerializerMethodField(help_text="Cloze: how many `blank` answers to send; else 0.")
    choices = serializers.SerializerMethodField()
    revealed = serializers.SerializerMethodField(help_text="Whether `answer_key` is filled in.")
    answer_key = serializers.SerializerMethodField(
        help_text="Null until this learner has answered the question (authors and editors always see it)."
    )

    class Meta:
        model = Question
        fields = [
            "id", "uuid", "fact", "article", "type", "status", "difficulty", "tags", "prompt", "blanks",
            "numeric_unit", "choices", "revealed", "answer_key", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_prompt(self, question: Question) -> str:
        return learner_prompt(question)

    def get_blanks(self, question: Question) -> int:
        return len(cloze.answers(question.prompt)) if question.type == QuestionType.CLOZE else 0

    @extend_schema_field(ChoiceOptionSerializer(many=True))
    def get_choices(self, question: Question) -> list[dict]:
        attempt = self.context.get("attempt")
        choices = attempt.ordered_choices(question) if attempt else question.choices.all()
        return ChoiceOptionSerializer(choices, many=True).data

    def get_revealed(self, question: Question) -> bool:
        return bool(self.context.get("show_answers")) or question.pk in self.context.get("revealed", ())

    @extend_schema_field(AnswerKeySerializer(allow_null=True))
    def get_answer_key(self, question: Question) -> dict | None:
        if not self.get_revealed(question):
            return None
        return AnswerKeySerializer(question, context=self.context).data


class ChoiceWriteSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Keep this existing choice (edit it in place)."
    )
    text = serializers.CharField(max_length=500, allow_blank=True)
    is_correct = serializers.BooleanField(default=False)
    feedback = serializers.CharField(max_length=2000, allow_blank=True, default="")


class QuestionWriteSerializer(serializers.Serializer):
    """Checked with question_problems, the rules the admin applies; messages are keyed by field."""

    fact = BoundedPrimaryKeyField(queryset=Fact.objects.all())
    type = serializers.ChoiceField(choices=QuestionType.choices)
    status = serializers.ChoiceField(
        choices=Status.choices, default=Status.DRAFT, help_text="Authors: draft, review. Editors also publish, retire."
    )
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, default=Difficulty.MEDIUM)
    prompt = serializers.CharField(max_length=5000, allow_blank=True, help_text="A cloze uses {{c1::answer}}.")
    explanation = serializers.CharField(max_length=5000, allow_blank=True)
    tags = serializers.ListField(child=TagNameField(), max_length=MAX_TAGS, required=False)
    answer_bool = serializers.BooleanField(allow_null=True, required=False, help_text="True/false questions.")
    accepted_answers = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, help_text="Short answer."
    )
    numeric_value = serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True, required=False)
    numeric_tolerance = serializers.DecimalField(max_digits=24, decimal_places=6, required=False)
    numeric_unit = serializers.CharField(max_length=20, allow_blank=True, required=False)
    choices = ChoiceWriteSerializer(
        many=True, required=False, max_length=MAX_CHOICES,
        help_text="Single choice and multiple response. On update, the full new list; give `id` to keep a choice.",
    )  # fmt: skip

    FIELDS = ("answer_bool", "accepted_answers", "numeric_value", "numeric_tolerance", "numeric_unit")

    def validate(self, attrs: dict) -> dict:
        question = self.instance
        merged = {name: attrs.get(name, getattr(question, name, None)) for name in ("type", "prompt", "explanation")}
        merged |= {name: attrs[name] if name in attrs else getattr(question, name, None) for name in self.FIELDS}
        if "choices" in attrs:
            choices = attrs["choices"]
            known = set(question.choices.values_list("pk", flat=True)) if question else set()
            ids = [c["id"] for c in choices if "id" in c]
            if stray := [pk for pk in ids if pk not in known]:
                raise serializers.ValidationError({"choices": [f"Choice {stray[0]} is not a choice of this question."]})
            if len(set(ids)) != len(ids):
                raise serializers.ValidationError({"choices": ["A choice id is listed twice."]})
            if refused := question and retiring.picked_left_out(question, set(ids)):  # it would be deleted
                raise serializers.ValidationError({"choices": [refused]})
        elif question is not None:
            choices = [{"text": c.text, "is_correct": c.is_correct} for c in question.choices.all()]
        else:
            choices = []
        found = question_problems(
            type=merged["type"],
            prompt=merged["prompt"] or "",
            explanation=merged["explanation"] or "",
            choices=[ChoiceData(c["text"], c.get("is_correct", False)) for c in choices],
            answer_bool=merged["answer_bool"],
            accepted_answers=merged["accepted_answers"] or [],
            numeric_value=merged["numeric_value"],
            numeric_tolerance=merged["numeric_tolerance"],
            status=attrs.get("status", getattr(question, "status", "")),
            # Choosing the fact here confirms it; otherwise an imported guess stays unconfirmed.
            anchored="fact" in attrs or getattr(question, "anchored", True),
        )
        if found:
            raise serializers.ValidationError(
                {("non_field_errors" if f == "__all__" else f): messages for f, messages in found.items()}
            )
        fact = attrs.get("fact", getattr(question, "fact", None))
        key = question_key(
            type=merged["type"],
            prompt=merged["prompt"] or "",
            choices=[ChoiceData(c["text"], c.get("is_correct", False)) for c in choices],
            answer_bool=merged["answer_bool"],
            accepted_answers=merged["accepted_answers"] or [],
            numeric_value=merged["numeric_value"],
            numeric_unit=merged["numeric_unit"] or "",
        )
        if existing := duplicate_on_fact(getattr(fact, "pk", None), key, exclude=getattr(question, "pk", None)):
            raise serializers.ValidationError({"non_field_errors": [duplicate_message(existing)]})
        found = problems_before_review(
            fact=fact,
            status=attrs.get("status", getattr(question, "status", "")),
            check_override=getattr(question, "check_override", ""),
            type=merged["type"],
            prompt=merged["prompt"] or "",
            explanation=merged["explanation"] or "",
            choices=[ChoiceData(c["text"], c.get("is_correct", False)) for c in choices],
            accepted_answers=merged["accepted_answers"] or [],
            numeric_value=merged["numeric_value"],
            numeric_unit=merged["numeric_unit"] or "",
            numeric_tolerance=merged["numeric_tolerance"],
        )
        if found:
            raise serializers.ValidationError({"non_field_errors": found})
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict) -> Question:
        question = Question(author=self.context["request"].user)
        return self._save(question, validated_data)

    @transaction.atomic
    def update(self, instance: Question, validated_data: dict) -> Question:
        return self._save(instance, validated_data)

    def _save(self, question: Question, data: dict) -> Question:
        tags, choices = data.pop("tags", None), data.pop("choices", None)
        for name, value in data.items():
            setattr(question, name, value)
        if "fact" in data:
            question.anchored = True
        if question.numeric_tolerance is None:
            question.numeric_tolerance = 0
        question.save()
        _set_tags(question, tags)
        if choices is not None:
            keep = {c["id"] for c in choices if "id" in c}
            question.choices.exclude(pk__in=keep).delete()
            existing = {c.pk: c for c in question.choices.all()}  # saved, not update()d: history sees each edit
            for order, item in enumerate(choices):
                fields = {"order": order, "text": item["text"], "is_correct": item.get("is_correct", False)}
                fields["feedback"] = item.get("feedback", "")
                choice = existing.get(item.get("id")) or Choice(question=question)
                if choice.pk is None or any(getattr(choice, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(choice, name, value)
                    choice.save()
        return question

    def to_representation(self, instance: Question) -> dict:
        fresh = Question.objects.for_cards().prefetch_related("tags").get(pk=instance.pk)
        return QuestionSerializer(fresh, context={**self.context, "show_answers": True}).data
