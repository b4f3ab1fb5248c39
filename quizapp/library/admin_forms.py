"""Forms behind the authoring admin: quotes that must exist in the article, type-aware questions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from quizapp.library.models import Fact, Question
from quizapp.library.quotes import quote_occurrences
from quizapp.library.validation import ChoiceData, question_problems


def _context(body: str, start: int, end: int, width: int = 24) -> str:
    before = body[max(0, start - width) : start].split("\n\n")[-1]
    after = body[end : end + width].split("\n\n")[0]
    return f"…{before}【{body[start:end]}】{after}…"


class FactForm(forms.ModelForm):
    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Only when the quote occurs more than once: which occurrence (1, 2, …).",
    )
    paragraph_hint = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Fact
        fields = ["article", "quote", "restatement", "tags", "erratum"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3}), "restatement": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        article, quote = data.get("article"), (data.get("quote") or "").strip()
        if not article or not quote:
            return data
        data["quote"] = quote
        spans = quote_occurrences(article.body, quote)
        if not spans:
            raise ValidationError({"quote": "This quote is not in the article. Copy it exactly (spaces may differ)."})
        occurrence = data.get("occurrence")
        hint = data.get("paragraph_hint")
        if occurrence is None and len(spans) > 1 and hint:
            in_paragraph = [i for i, (s, _e) in enumerate(spans, 1) if article.paragraph_at(s) == hint]
            occurrence = in_paragraph[0] if len(in_paragraph) == 1 else None
        if len(spans) > 1 and occurrence is None:
            listing = "; ".join(f"{n}: {_context(article.body, s, e)}" for n, (s, e) in enumerate(spans, 1))
            raise ValidationError({"occurrence": f"The quote occurs {len(spans)} times; choose one — {listing}"})
        if occurrence is not None and not 1 <= occurrence <= len(spans):
            raise ValidationError({"occurrence": f"There are only {len(spans)} occurrence(s)."})
        start, end = spans[(occurrence or 1) - 1]
        if "\n\n" in article.body[start:end]:
            raise ValidationError({"quote": "A quote must stay within one paragraph."})
        self.instance.start, self.instance.end = start, end
        self.instance.paragraph = article.paragraph_at(start)
        if self.instance.pk and self.instance.drift != "ok":
            self.instance.drift, self.instance.drift_note = "ok", ""  # the author has re-anchored it
        return data


class AcceptedAnswersField(forms.CharField):
    """One accepted answer per line in the admin; a list in the database."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    accepted_answers = AcceptedAnswersField(required=False, help_text="Short answer: one accepted answer per line.")

    class Meta:
        model = Question
        fields = [
            "fact", "type", "status", "difficulty", "prompt", "answer_bool", "accepted_answers",
            "numeric_value", "numeric_tolerance", "numeric_unit", "explanation", "tags",
        ]  # fmt: skip
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "answer_bool": forms.Select(choices=[("", "—"), (True, "True / 对"), (False, "False / 错")]),
        }

    def __init__(self, *args, allowed_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
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
        )
        found.pop("choices", None)  # the choices formset checks those, seeing the inline rows
        for field, messages in found.items():
            self.add_error(field if field in self.fields else None, messages)
        return data


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
