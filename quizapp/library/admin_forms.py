"""Forms behind the authoring admin: quotes that must exist in the article, type-aware questions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from quizapp.library.checks import problems_before_review
from quizapp.library.duplicates import duplicate_message, duplicate_on_fact, key_of
from quizapp.library.models import Choice, Fact, Question
from quizapp.library.reading import NOTHING, tidy_decimal, truth_choices
from quizapp.library.validation import ChoiceData, question_problems


class FactForm(forms.ModelForm):
    occurrence = forms.IntegerField(
        label=_("occurrence"),
        required=False,
        min_value=1,
        help_text=_("Only when the quote occurs more than once: which occurrence (1, 2, …)."),
    )
    paragraph_hint = forms.IntegerField(label=_("paragraph"), required=False, widget=forms.HiddenInput)

    class Meta:
        model = Fact
        fields = ["article", "quote", "restatement", "tags", "erratum"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3}), "restatement": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        article, quote = data.get("article"), data.get("quote")
        if article and quote:
            hint = data.get("paragraph_hint")
            self.instance.anchor(quote, data.get("occurrence"), article=article, paragraph_hint=hint)
            data["quote"] = self.instance.quote
        return data


class AcceptedAnswersField(forms.CharField):
    """One accepted answer per line in the admin; a list in the database."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TidyNumberInput(forms.NumberInput):
    """A stored amount as the author wrote it: 211.9 and 1, not 211.900000 and 1.000000."""

    def format_value(self, value):
        return super().format_value(tidy_decimal(value) if isinstance(value, Decimal) else value)


class QuestionForm(forms.ModelForm):
    accepted_answers = AcceptedAnswersField(
        label=_("accepted answers"), required=False, help_text=_("Short answer: one accepted answer per line.")
    )

    class Meta:
        model = Question
        fields = [
            "fact", "anchored", "type", "status", "difficulty", "prompt", "answer_bool", "accepted_answers",
            "numeric_value", "numeric_tolerance", "numeric_unit", "explanation", "tags",
        ]  # fmt: skip
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3, "autofocus": True}),
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "numeric_value": TidyNumberInput(attrs={"step": "any"}),
            "numeric_tolerance": TidyNumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, allowed_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "answer_bool" in self.fields:  # the labels learners see, in the author's language
            labels = dict(truth_choices())
            self.fields["answer_bool"].widget = forms.Select(
                choices=[("", NOTHING), (True, labels["true"]), (False, labels["false"])]
            )
        if allowed_statuses is not None and "status" in self.fields:
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] in allowed_statuses]

    def clean(self):
        data = super().clean()
        found = question_problems(
            type=data.get("type", ""),
            prompt=data.get("prompt", ""),
            explanation=data.get("explanation", ""),
            answer_bool=data.get("answer_bool"),
            accepted_answers=data.get("accepted_answers") or [],
            numeric_value=data.get("numeric_value"),
            numeric_tolerance=data.get("numeric_tolerance"),
            status=data.get("status", ""),
            anchored=data.get("anchored", self.instance.anchored),
        )
        found.pop("choices", None)  # the choices formset checks those, seeing the inline rows
        for field, messages in found.items():
            self.add_error(field if field in self.fields else None, messages)
        for message in problems_before_review(
            fact=data.get("fact"),
            status=data.get("status", ""),
            check_override=data.get("check_override", self.instance.check_override),
            type=data.get("type", ""),
            prompt=data.get("prompt", ""),
            explanation=data.get("explanation", ""),
            accepted_answers=data.get("accepted_answers") or [],
            numeric_value=data.get("numeric_value"),
            numeric_unit=data.get("numeric_unit", ""),
            numeric_tolerance=data.get("numeric_tolerance"),
        ):
            self.add_error(None, message)
        return data


class ChoiceForm(forms.ModelForm):
    class Meta:
        model = Choice
        fields = ["text", "is_correct", "feedback", "order"]
        widgets = {
            "text": forms.TextInput(attrs={"class": "choice-text"}),
            "feedback": forms.Textarea(attrs={"rows": 1, "class": "choice-feedback"}),
            "order": forms.NumberInput(attrs={"class": "choice-order"}),
        }


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        question = self.instance
        choices = [
            ChoiceData(f.cleaned_data.get("text", ""), f.cleaned_data.get("is_correct", False))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        found = question_problems(type=question.type, prompt="-", explanation="-", choices=choices, answer_bool=True)
        if found.get("choices"):
            raise ValidationError(found["choices"])
        # Here, where the question's fields and its choices are both known (the form has set the first).
        key = key_of(question, choices)
        if existing := duplicate_on_fact(question.fact_id, key, exclude=question.pk):
            raise ValidationError(duplicate_message(existing))
        if question.type in Question.TYPES_WITH_CHOICES and question.fact_id:
            found = problems_before_review(
                fact=question.fact,
                status=question.status,
                check_override=question.check_override,
                type=question.type,
                prompt=question.prompt,
                explanation="",
                choices=choices,
            )
            if found:
                raise ValidationError(found)
