"""A question learners have met is retired, never deleted (issue 19.5).

Learner history is every row that names a question: an answer in an attempt, a flashcard's state,
a review in the log. Deleting the question would take those rows with it (or, once their foreign
keys protect it, fail); retiring keeps them and takes the question out of every quiz, deck and
study queue, since `live()` serves published questions only. An editor may restore a retired
question to review. The same goes for a choice: one a learner picked is never deleted, or the
stored pick would name nothing (responses store choice ids, see quizzes/responses.py).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quizapp.library.models import Question, Status

# The reverse relations of the rows that record what learners did with a question.
HISTORY_RELATIONS = ("answers", "card_states", "review_logs")

HAS_HISTORY = _(
    "Learners have answered or studied this question, so it cannot be deleted: their results would lose it. "
    "Retire it instead — it leaves quizzes, decks and study, and their history keeps it."
)
CHOICE_PICKED = _(
    "Choice %(choice)s was picked in learners' answers, so it cannot be removed: their answers would name "
    "nothing. Keep it (correct its text if needed) or retire the question and write a new one."
)


def _history_of(relation: str) -> QuerySet:
    model = Question._meta.get_field(relation).related_model
    return model.objects.filter(question=OuterRef("pk"))


def with_learner_history(questions: QuerySet) -> QuerySet:
    """The questions among `questions` that any learner answered, has a card of, or reviewed."""
    condition = Q()
    for relation in HISTORY_RELATIONS:
        condition |= Q(Exists(_history_of(relation)))
    return questions.filter(condition)


def has_learner_history(question: Question) -> bool:
    if question.pk is None:
        return False
    return any(getattr(question, relation).exists() for relation in HISTORY_RELATIONS)


def picked_choice_ids(question: Question) -> set[int]:
    """Ids of the question's choices that a stored answer names (one id, or a list of them)."""
    if question.pk is None:
        return set()
    picked: set[int] = set()
    for response in question.answers.values_list("response", flat=True):
        for value in response if isinstance(response, list) else [response]:
            if isinstance(value, int) and not isinstance(value, bool):
                picked.add(value)
    return picked


def picked_left_out(question: Question, kept: set[int]) -> str:
    """Why an edit keeping only the choices `kept` (ids) is refused: it leaves out a choice a
    learner picked. "" when it leaves out none."""
    left_out = picked_choice_ids(question) - kept
    text = question.choices.filter(pk__in=left_out).values_list("text", flat=True).first() if left_out else None
    return "" if text is None else str(CHOICE_PICKED % {"choice": f"「{text}」"})


def retire(questions: QuerySet) -> int:
    """Retires the selected questions that are not retired yet, each with its history record."""
    # The review workflow's one status writer, so the history and updated_at move as on publish.
    return questions.exclude(status=Status.RETIRED)._set_status(Status.RETIRED)


def restore(questions: QuerySet) -> int:
    """Retired questions go back to review: an editor looks at them again before learners do."""
    return questions.filter(status=Status.RETIRED)._set_status(Status.REVIEW)
