"""Accepting a learner's typed answer: add it to the key and regrade what was stored under the old one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.quizzes.grading import grade
from quizapp.quizzes.models import Answer, Attempt, Scoring
from quizapp.quizzes.responses import MAX_TEXT
from quizapp.stats import stored


class NotAcceptable(ValueError):
    """The answer cannot be added to this question's key; the message says why."""


@dataclass(frozen=True)
class Regraded:
    answers: int  # answers whose mark went up
    attempts: int  # attempts whose score changed


def accept_answer(question: Question, text: str, *, blank: int | None, user) -> Regraded:
    """Add `text` to the accepted answers (a cloze's to deletion `blank`'s alternatives), regrade the
    stored answers and note both in the question's history (the admin's LogEntry)."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise NotAcceptable(_("Nothing to accept: the answer is empty or too long."))
    with transaction.atomic():
        question = Question.objects.select_for_update().prefetch_related("choices").get(pk=question.pk)
        entry = _entry(question, text, blank)
        if entry not in question.accepted_answers:
            question.accepted_answers = [*question.accepted_answers, entry]
            question.save(update_fields=["accepted_answers", "updated_at"])
        result = regrade(question)
        # The page after the click shows the new figures; the regraded attempts' other questions
        # (whose discrimination moved with the attempts' totals) wait for the worker.
        stored.refresh_now([question.pk])
        message = _(
            "Accepted “%(answer)s” as a right answer; %(answers)d answer(s) in %(attempts)d attempt(s) regraded."
        )
        LogEntry.objects.log_actions(
            user.pk, [question], CHANGE,
            message % {"answer": entry, "answers": result.answers, "attempts": result.attempts},
            single_object=True,
        )  # fmt: skip
    return result


def _entry(question: Question, text: str, blank: int | None) -> str:
    if question.type == QuestionType.SHORT_ANSWER:
        return text
    if question.type == QuestionType.CLOZE:
        numbers = {d.number for d in cloze.deletions(question.prompt)}
        if blank not in numbers:
            raise NotAcceptable(_("This cloze has no blank c%(number)s.") % {"number": blank})
        return cloze.stored_alternatives({blank: [text]})[0]
    raise NotAcceptable(_("Only short answers and cloze blanks have a list of accepted answers."))


def regrade(question: Question) -> Regraded:
    """Grade every stored answer to `question` again under its current key. A mark only ever goes up:
    a learner keeps what an earlier key gave them."""
    changed: list[Answer] = []
    gained: dict[int, float] = defaultdict(float)
    for answer in question.answers.select_related("attempt").filter(is_correct=False):
        result = grade(question, answer.response, partial_credit=answer.attempt.scoring == Scoring.PARTIAL)
        if result.score <= answer.score:
            continue
        gained[answer.attempt_id] += result.score - answer.score
        answer.is_correct, answer.score, answer.note = result.correct, result.score, result.note or {}
        changed.append(answer)
    Answer.objects.bulk_update(changed, ["is_correct", "score", "note"])
    for attempt_id, delta in gained.items():
        Attempt.objects.filter(pk=attempt_id).update(score=F("score") + delta)
    stored.mark_stale(list(Answer.objects.filter(attempt__in=gained).values_list("question_id", flat=True).distinct()))
    return Regraded(answers=len(changed), attempts=len(gained))
