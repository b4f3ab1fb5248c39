"""Regrading: accepting a learner's typed answer (added to the key, marks only go up), and the editor's
explicit regrade after correcting a key (marks follow the corrected key both ways, with a note)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.library.reading import expected_answer
from quizapp.quizzes.grading import Grade, UngradableQuestion, grade
from quizapp.quizzes.models import Answer, Attempt, Scoring
from quizapp.quizzes.responses import MAX_TEXT
from quizapp.quizzes.versions import QuestionVersion, as_asked, current_version, digest, fits, key_of, snapshot
from quizapp.stats import stored


class NotAcceptable(ValueError):
    """The answer cannot be added to this question's key; the message says why."""


@dataclass(frozen=True)
class Regraded:
    answers: int  # answers whose mark changed (went up, unless the key was corrected)
    attempts: int  # attempts whose score changed
    lowered: int = 0  # of the answers, those whose mark went down
    learners: int = 0  # learners whose marks changed


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


def _graded_now(question: Question, answer: Answer) -> Grade | None:
    """The answer graded under the question's current key; None when it cannot be (another type now,
    a choice it picked is gone): such an answer stays as it was graded."""
    if not fits(question.type, answer.response):
        return None
    try:
        return grade(question, answer.response, partial_credit=answer.attempt.scoring == Scoring.PARTIAL)
    except (UngradableQuestion, TypeError, ValueError):
        return None


def regrade(question: Question, answers=None, *, corrected_key: bool = False) -> Regraded:
    """Grade stored answers to `question` (choices prefetched) again under its current key.

    Accepting an answer only widens the key: by default the wrong answers are read and a mark only
    goes up — a learner keeps what an earlier key gave them. An editor's explicit regrade after
    correcting the key (corrected_key=True, see regrade_under_current_key) applies the corrected key
    both ways: the earlier key was declared wrong, so a mark it gave wrongly goes down as well as up,
    and the learner is told (below). Either way each changed answer moves to the current version
    (versions.py: what it is now graded under) and keeps a note — when, the key before and after,
    the mark before and after — shown beside it on the results page. An answer that cannot be graded
    under the current key (another type now, a choice it picked is gone) stays as it was graded."""
    version = current_version(question)
    answers = question.answers.filter(is_correct=False) if answers is None else answers
    new_key, now = expected_answer(question), timezone.now().isoformat()
    changed: list[Answer] = []
    gained: dict[int, float] = defaultdict(float)
    lowered = 0
    for answer in answers.select_related("attempt", "version"):
        result = _graded_now(question, answer)
        if result is None or result.score == answer.score or (result.score < answer.score and not corrected_key):
            continue
        old_key = expected_answer(as_asked(question, answer.version)) if answer.version else new_key
        entry = {"at": now, "old": answer.score, "new": result.score, "old_key": old_key, "new_key": new_key}
        earlier = (answer.note or {}).get("regraded", [])
        lowered += result.score < answer.score
        gained[answer.attempt_id] += result.score - answer.score
        answer.is_correct, answer.score, answer.version = result.correct, result.score, version
        answer.note = {**(result.note or {}), "regraded": [*earlier, entry]}
        changed.append(answer)
    Answer.objects.bulk_update(changed, ["is_correct", "score", "note", "version"])
    for attempt_id, delta in gained.items():
        Attempt.objects.filter(pk=attempt_id).update(score=F("score") + delta)
    stored.mark_stale(list(Answer.objects.filter(attempt__in=gained).values_list("question_id", flat=True).distinct()))
    learners = {a.attempt.learner_id for a in changed}
    return Regraded(answers=len(changed), attempts=len(gained), lowered=lowered, learners=len(learners))


def _versions_under_another_key(question: Question):
    key = digest(key_of(snapshot(question, question.choices.all())))
    return QuestionVersion.objects.filter(question=question).exclude(key_hash=key)


def _graded_under_another_key(question: Question):
    return question.answers.filter(version__in=_versions_under_another_key(question))


def pending_regrade(question: Question) -> Regraded:
    """What an explicit regrade would change now (nothing is written): the answers graded under an
    earlier key whose mark the current key would change, and their learners and attempts."""
    answers, attempts, learners, lowered = 0, set(), set(), 0
    if not _versions_under_another_key(question).exists():  # the usual case: the page reads no answers
        return Regraded(answers=0, attempts=0)
    for answer in _graded_under_another_key(question).select_related("attempt"):
        result = _graded_now(question, answer)
        if result is not None and result.score != answer.score:
            answers, lowered = answers + 1, lowered + (result.score < answer.score)
            attempts.add(answer.attempt_id)
            learners.add(answer.attempt.learner_id)
    return Regraded(answers=answers, attempts=len(attempts), lowered=lowered, learners=len(learners))


def regrade_under_current_key(question: Question, *, user) -> Regraded:
    """The editor's explicit regrade after a key change: every answer graded under an earlier key
    gets the mark the current key gives (up or down, see regrade), its attempt's score follows, and
    the question's history (LogEntry) records who did it and what it changed."""
    with transaction.atomic():
        question = Question.objects.select_for_update().prefetch_related("choices").get(pk=question.pk)
        result = regrade(question, _graded_under_another_key(question), corrected_key=True)
        stored.refresh_now([question.pk])
        message = _(
            "Regraded under the corrected key: %(answers)d answer(s) of %(learners)d learner(s) in %(attempts)d "
            "attempt(s) changed, %(lowered)d of them down."
        )
        values = {"answers": result.answers, "learners": result.learners, "attempts": result.attempts}
        LogEntry.objects.log_actions(
            user.pk, [question], CHANGE, message % {**values, "lowered": result.lowered}, single_object=True
        )
    return result
