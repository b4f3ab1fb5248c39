"""Questions are versioned once answered (issue 19, point 5): an answer keeps what was asked and graded.

A QuestionVersion is a snapshot of what a learner is asked and graded on — type, prompt, the key
(true/false, accepted answers, number, tolerance, unit) and the choices with their ids, texts and
which were right, in the question's order (the attempt's choice_orders keeps the order each learner
saw). It is made lazily, by the one answer path (Attempt.answer / answer_in_exam), when an answer is
stored and no version with the question's current content exists yet; an answer points at the
version it was graded under. Editing a question therefore costs nothing until someone answers it.

Explanation and per-choice feedback are not part of a version: they explain, they are not asked or
graded, and an improved explanation should reach earlier learners too (a deleted choice's feedback
is gone with it). Versions are matched by a hash of their content, so content that returns to an
earlier state reuses that version.

The key hash is a second hash over only what grading reads: an edited prompt wording is a new version
but not a new key; a changed key offers a regrade (quizapp/stats/regrade.py).
"""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from quizapp.library import cloze
from quizapp.library.models import Choice, Question, QuestionType
from quizapp.library.reading import format_number

CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE)


def _number(value) -> str | None:
    return None if value is None else format_number(value)


def snapshot(question, choices) -> dict:
    """What a learner is asked and graded on, as JSON. Reads only attributes, so the backfill
    migration can pass its historical models."""
    return {
        "type": question.type,
        "prompt": question.prompt,
        "answer_bool": question.answer_bool,
        "accepted_answers": [str(a) for a in question.accepted_answers or []],
        "numeric_value": _number(question.numeric_value),
        "numeric_tolerance": _number(question.numeric_tolerance),
        "numeric_unit": question.numeric_unit,
        "choices": [{"id": c.pk, "text": c.text, "correct": c.is_correct} for c in choices],
    }


def key_of(snap: dict) -> dict:
    """The part of a snapshot that grading reads, for the question's type."""
    kind = snap["type"]
    if kind in CHOICE_TYPES:
        key = {"correct": sorted(c["id"] for c in snap["choices"] if c["correct"])}
    elif kind == QuestionType.TRUE_FALSE:
        key = {"answer_bool": snap["answer_bool"]}
    elif kind == QuestionType.CLOZE:
        key = {"blanks": cloze.answers(snap["prompt"]), "accepted_answers": snap["accepted_answers"]}
    elif kind == QuestionType.NUMERIC:
        key = {f: snap[f] for f in ("numeric_value", "numeric_tolerance", "numeric_unit")}
    else:
        key = {"accepted_answers": snap["accepted_answers"]}
    return {"type": kind, **key}


def digest(value: dict) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def content_hash(question: Question) -> str:
    """The hash of the question's current content; reads question.choices.all() (prefetch them)."""
    return digest(snapshot(question, question.choices.all()))


class QuestionVersion(models.Model):
    # Answers protect their versions (Answer.version) and the question (Answer.question); a version no
    # answer points at any more (a replaced exam answer) does not keep its question from being deleted.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_version_number_per_question"),
            # Also the look-up of the answer path (question, hash) and the guard of two racing creators.
            models.UniqueConstraint(fields=["question", "content_hash"], name="one_version_per_content"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


_SEEN: dict[tuple, QuestionVersion] = {}
_SEEN_MAX = 20_000


def _remember(known: tuple, version: QuestionVersion) -> None:
    if connection.in_atomic_block:
        return  # a row this transaction may still roll back is no version to hand out later
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()  # rare, and the next answers simply look their versions up again
    _SEEN[known] = version


def current_version(question: Question) -> QuestionVersion:
    """The version holding the question's content now (choices prefetched): one statement when it
    exists, which is every answer after the first since an edit."""
    snap = snapshot(question, question.choices.all())
    found = digest(snap)
    # A version never changes once made, so a worker keeps the ones it has seen and the answer path
    # skips the look-up (created_at in the key: a test database that reuses the question's id after
    # a rollback holds another question).
    known = (question.pk, question.created_at, found)
    if (version := _SEEN.get(known)) is not None:
        return version
    version = QuestionVersion.objects.filter(question=question, content_hash=found).first()
    if version is not None:
        _remember(known, version)
        return version
    number = (QuestionVersion.objects.filter(question=question).aggregate(n=models.Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            version = QuestionVersion.objects.create(
                question=question, number=number, snapshot=snap, content_hash=found, key_hash=digest(key_of(snap))
            )
        _remember(known, version)  # committed now, unless the caller's own transaction holds it
        return version
    except IntegrityError:  # another answer made it (or took the number) meanwhile
        version = QuestionVersion.objects.filter(question=question, content_hash=found).first()
        if version is None:  # only the number was taken: this content is still new
            return current_version(question)
        return version


def as_asked(question: Question, version: QuestionVersion | None) -> Question:
    """The question as `version` asked it, to render a past answer: an unsaved copy of the current
    question carrying the version's type, prompt, key and choices (feedback of choices that still
    exist is the current one). Everything that shows a
    question — reading.expected_answer, response_text, the templates — then works unchanged."""
    if version is None:
        return question
    snap = version.snapshot
    asked = copy.copy(question)
    asked.type, asked.prompt, asked.answer_bool = snap["type"], snap["prompt"], snap["answer_bool"]
    asked.accepted_answers = list(snap["accepted_answers"])
    asked.numeric_value = Decimal(snap["numeric_value"]) if snap["numeric_value"] is not None else None
    asked.numeric_tolerance = Decimal(snap["numeric_tolerance"] or 0)
    asked.numeric_unit = snap["numeric_unit"]
    feedback = {c.pk: c.feedback for c in question.choices.all()}
    rows = [
        Choice(pk=c["id"], question_id=question.pk, order=i, text=c["text"], is_correct=c["correct"],
               feedback=feedback.get(c["id"], ""))
        for i, c in enumerate(snap["choices"])
    ]  # fmt: skip
    # The same shape prefetch_related leaves, so question.choices.all() reads the version's choices.
    choices = Choice.objects.filter(question_id=question.pk)
    choices._result_cache, choices._prefetch_done = rows, True
    asked._prefetched_objects_cache = {**getattr(question, "_prefetched_objects_cache", {}), "choices": choices}
    return asked


def fits(kind: str, response) -> bool:
    """Whether a stored response has the shape grading gives `kind` (see grading's docstring): an
    answer stored before versions existed may not fit its question's type since changed."""
    if response is None:
        return True
    is_int = isinstance(response, int) and not isinstance(response, bool)
    if kind == QuestionType.SINGLE_CHOICE:
        return is_int
    if kind == QuestionType.MULTIPLE_RESPONSE:
        return isinstance(response, list) and all(isinstance(r, int) and not isinstance(r, bool) for r in response)
    if kind == QuestionType.TRUE_FALSE:
        return isinstance(response, bool)
    if kind == QuestionType.CLOZE:
        return isinstance(response, list) and all(isinstance(r, str) for r in response)
    return isinstance(response, str | int | float) and not isinstance(response, bool)


def regrade_notes(answer) -> list[dict]:
    """What regrading did to this answer (stats/regrade.py keeps it in the answer's note), for the
    learner: when, the key before and after, the mark before and after."""
    notes = (answer.note or {}).get("regraded", []) if answer is not None else []
    return [{**n, "at": parse_datetime(n["at"])} for n in notes if isinstance(n, dict) and "at" in n]
