"""Stored statistics: kept up to date off the request, read by every page that shows them.

A new answer marks the statistics of its attempt's questions stale (the attempt's total moved, and
with it their discrimination), a review marks its question, an edited question its own. The first
mark on a fresh row enqueues `refresh_stale_statistics` (after the commit, so the worker sees the
answer); later marks only bump the row's generation, so a burst of answers costs one task, and a
row re-marked while the task was computing stays stale for the next pass. `manage.py
refresh_statistics` works out every answered question again.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.tasks import task
from django.utils import timezone

from quizapp.library.models import Choice, Question
from quizapp.quizzes.models import Answer
from quizapp.stats import items
from quizapp.stats.models import ItemStatistic
from quizapp.study.models import ReviewLog

BATCH = 500
PASSES = 20  # per task run; a queue still stale after them enqueues the next run


def mark_stale(ids: list[int], *, create: bool = True) -> None:
    """One statement (two for a question's first answer) and, on the first mark, one task: it runs
    on every answer, so it is one UPDATE … RETURNING rather than a lock, a count and two updates."""
    if not ids:
        return
    ids = sorted(set(ids))
    with transaction.atomic(savepoint=False):
        bumped = _bump(ids)
        fresh = sum(1 for _pk, was_fresh in bumped if was_fresh)
        if create and len(bumped) < len(ids):
            ItemStatistic.objects.bulk_create([ItemStatistic(question_id=i) for i in ids], ignore_conflicts=True)
            fresh += 1
    if fresh:
        transaction.on_commit(refresh_stale_statistics.enqueue)


def _bump(ids: list[int]) -> list[tuple[int, bool]]:
    """Add one to each row's generation; returns (question id, whether it was fresh before). Stale
    rows are bumped too: a task computing them now must not mark them done with this answer left out."""
    table = ItemStatistic._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        # Lock the rows in one order (by id) first: learners answering the same quiz in different
        # orders mark overlapping rows, and an UPDATE locking them in scan order deadlocked (a 503).
        sql = (
            f"WITH locked AS (SELECT question_id FROM {table} WHERE question_id IN ({marks}) "
            f"ORDER BY question_id FOR UPDATE) UPDATE {table} AS s SET generation = s.generation + 1 "
            "FROM locked WHERE s.question_id = locked.question_id "
            "RETURNING s.question_id, s.generation - 1 = s.computed"
        )
    else:  # SQLite writes one transaction at a time: no lock order to keep
        sql = (
            f"UPDATE {table} SET generation = generation + 1 WHERE question_id IN ({marks}) "
            "RETURNING question_id, generation - 1 = computed"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return [(pk, bool(was_fresh)) for pk, was_fresh in cursor.fetchall()]


@task()
def refresh_stale_statistics() -> int:
    """Work out the stale rows again, a batch at a time; returns how many were refreshed."""
    done = 0
    for _pass in range(PASSES):
        stale = stale_batch()
        if not stale:
            return done
        done += refresh(stale)
    refresh_stale_statistics.enqueue()
    return done


def stale_batch() -> dict[int, int]:
    """Up to BATCH stale rows: question id → generation now (read before the answers are)."""
    return dict(ItemStatistic.objects.exclude(generation=F("computed")).values_list("pk", "generation")[:BATCH])


def refresh(generations: dict[int, int]) -> int:
    """Store the figures of these questions, each as of the generation given (read before the answers)."""
    questions = list(Question.objects.filter(pk__in=generations))
    found = items.for_questions(questions)
    now = timezone.now()
    rows = [_row(found[q.pk], generations[q.pk], now) for q in questions]
    fields = [f.name for f in ItemStatistic._meta.concrete_fields if f.name not in ("question", "generation")]
    # One INSERT … ON CONFLICT UPDATE: bulk_update's CASE per field and row took 8 s a batch. The
    # generation is left as it is, so a row marked again meanwhile stays stale.
    ItemStatistic.objects.bulk_create(rows, update_conflicts=True, unique_fields=["question"], update_fields=fields)
    return len(rows)


def refresh_now(ids: list[int]) -> int:
    """Refresh these questions in this request (a handful: an editor's one-click fix)."""
    mark_stale(ids)
    return refresh(dict(ItemStatistic.objects.filter(pk__in=ids).values_list("pk", "generation")))


def _row(stats: items.ItemStats, generation: int, now) -> ItemStatistic:
    basis, every = stats.basis, stats.sample(items.ALL, items.BOTH)
    data = {
        "samples": {f"{s}:{m}": vars(stats.sample(s, m)) for s in items.SCOPES for m in items.MODES},
        "choices": [[c.choice.pk, c.picked, c.rate, c.not_working] for c in stats.choices],
        "wrong": [[w.text, w.count, w.blank, w.reason] for w in stats.wrong],
        "flags": stats.flags,
    }
    return ItemStatistic(
        question_id=stats.question.pk, computed=generation, refreshed_at=now, first_answers=basis.answers,
        facility=basis.facility, discrimination=basis.discrimination, flagged=bool(stats.flags),
        answers=every.answers, score_sum=sum(r.score for _f, _m, r in stats.rows), reviews=stats.reviews,
        again=stats.again, data=data,
    )  # fmt: skip


def restore(question: Question, row: ItemStatistic | None, choices: list[Choice] | None = None) -> items.ItemStats:
    """The ItemStats a row was stored from (choice rates only when the question's choices are given)."""
    stats = items.ItemStats(question, [])
    if row is None or not row.data:
        return stats
    for key, sample in row.data["samples"].items():
        scope, mode = key.split(":")
        stats._samples[scope, mode] = items.Sample(**sample)
    by_id = {c.pk: c for c in choices or []}
    stats.choices = [
        items.ChoiceRate(by_id[pk], picked, rate, dead) for pk, picked, rate, dead in row.data["choices"] if pk in by_id
    ]
    stats.wrong = [items.WrongAnswer(text, count, blank, reason) for text, count, blank, reason in row.data["wrong"]]
    stats.reviews, stats.again, stats.flags = row.reviews, row.again, list(row.data["flags"])
    return stats


def for_questions(questions: list[Question], *, with_choices: bool = False) -> dict[int, items.ItemStats]:
    """The stored statistics of these questions by id: one query (two with their choices)."""
    rows = ItemStatistic.objects.in_bulk([q.pk for q in questions])
    choices: dict[int, list[Choice]] = {}
    if with_choices:
        for choice in Choice.objects.filter(question__in=[q.pk for q in questions]):
            choices.setdefault(choice.question_id, []).append(choice)
    return {q.pk: restore(q, rows.get(q.pk), choices.get(q.pk)) for q in questions}


def needing_attention(questions):
    return questions.filter(statistic__flagged=True)


def _answered(sender, instance: Answer, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    asked = instance.attempt.question_ids
    upto = asked.index(instance.question_id) + 1 if instance.question_id in asked else 0
    mark_stale(list(dict.fromkeys([*asked[:upto], instance.question_id])))


def _reviewed(sender, instance: ReviewLog, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        mark_stale([instance.question_id])


def _edited(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if not raw:  # its key may have changed which wrong answers are probably right; unanswered ones have no row
        mark_stale([instance.pk], create=False)


def connect() -> None:
    post_save.connect(_answered, sender=Answer, dispatch_uid="stats-answered")
    post_save.connect(_reviewed, sender=ReviewLog, dispatch_uid="stats-reviewed")
    post_save.connect(_edited, sender=Question, dispatch_uid="stats-edited")
