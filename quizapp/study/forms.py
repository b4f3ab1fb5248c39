from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quizapp.params import MAX_INT, NumberField
from quizapp.study.models import Rating


class ReviewForm(forms.Form):
    question = NumberField()
    # The review count the learner saw: a resubmitted form no longer matches and changes nothing.
    reps = NumberField(min_value=0, max_value=MAX_INT)
    rating = forms.TypedChoiceField(
        choices=Rating.choices,
        coerce=int,
        error_messages={"invalid_choice": _("Rate the card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).")},
    )

    def error_text(self) -> str:
        return " ".join(f"{field}: {' '.join(errors)}" for field, errors in self.errors.items())
