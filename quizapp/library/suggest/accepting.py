"""From a suggestion to a draft question, once: a suggestion whose prompt a question of the same
type on the same fact already has (whitespace and width aside) counts as accepted, and accepting it
again opens that question instead of making a second, identical draft."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from quizapp.library import cloze
from quizapp.library.models import Choice, Fact, Question, QuestionType, Status, Tag
from quizapp.library.suggest.base import Suggestion

GROUP_TITLES = {
    "cloze": _("Cloze"),
    "numeric": _("Numeric"),
    "true_false": _("True / false"),
    "choice": _("Single choice"),
    "multiple": capfirst(QuestionType.MULTIPLE_RESPONSE.label),
    "why": _("Why / how"),
}


def prompt_key(question_type: str, prompt: str) -> tuple[str, str]:
    return question_type, "".join(unicodedata.normalize("NFKC", prompt).split())


@dataclass(frozen=True)
class Shown:
    """A suggestion as the learner will see it, and the question it already became, if any."""

    suggestion: Suggestion
    learner_prompt: str
    accepted: Question | None


def shown(fact: Fact, suggestions: list[Suggestion]) -> list[tuple[str, list[Shown]]]:
    """The suggestions grouped by kind, in the order of GROUP_TITLES, each marked once accepted."""
    existing = {prompt_key(q.type, q.prompt): q for q in fact.questions.all()}
    groups: dict[str, list[Shown]] = {group: [] for group in GROUP_TITLES}
    for s in suggestions:
        prompt = cloze.blanked(s.prompt) if s.type == "cloze" else s.prompt
        groups[s.group].append(Shown(s, prompt, existing.get(prompt_key(s.type, s.prompt))))
    return [(GROUP_TITLES[group], items) for group, items in groups.items() if items]


@transaction.atomic
def accept(fact: Fact, s: Suggestion, author) -> tuple[Question, bool]:
    """The draft made from `s`, and whether it is new (False: the question it already became)."""
    key = prompt_key(s.type, s.prompt)
    for question in fact.questions.select_for_update().filter(type=s.type):
        if prompt_key(question.type, question.prompt) == key:
            return question, False
    question = Question.objects.create(
        fact=fact, type=s.type, prompt=s.prompt, explanation=s.explanation, status=Status.DRAFT, author=author,
        answer_bool=s.answer_bool, numeric_value=s.numeric_value, numeric_unit=s.numeric_unit,
        numeric_tolerance=s.numeric_tolerance,
    )  # fmt: skip
    choices = [
        Choice(question=question, order=i, text=c["text"], is_correct=c["is_correct"], feedback=c["feedback"])
        for i, c in enumerate(s.choices)
    ]
    bulk_create_with_history(choices, Choice)  # the review trail starts with the accepted suggestion
    if s.tags:
        question.tags.set([Tag.objects.get_or_create(name=name)[0] for name in s.tags])
    return question, True
