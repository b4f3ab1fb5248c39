"""Stored statistics: what marks a question stale, when a refresh is enqueued, what it stores, and
that the pages read the stored rows rather than the answers."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Attempt
from quizapp.stats import items, stored
from quizapp.stats.models import ItemStatistic
from quizapp.study.models import Rating, ReviewLog
from tests.factories import curated, make_fact, make_question
from tests.stats.answering import new_learner, take, text

pytestmark = pytest.mark.django_db


def _stale() -> set[int]:
    return set(stored.stale_batch())


@pytest.fixture
def pair():
    fact = make_fact()
    return make_question(fact, QuestionType.TRUE_FALSE), make_question(fact, QuestionType.SHORT_ANSWER)


def test_an_answer_marks_every_question_its_attempt_answered_so_far(pair, django_capture_on_commit_callbacks):
    first, second = pair
    attempt = Attempt.start(curated([first, second]), new_learner())
    with django_capture_on_commit_callbacks() as enqueued:
        attempt.answer(first.pk, {"answer": "true"})
    assert _stale() == {first.pk} and len(enqueued) == 1
    stored.refresh(stored.stale_batch())
    assert _stale() == set()
    with django_capture_on_commit_callbacks() as enqueued:
        attempt.answer(second.pk, text("韩歆毅"))
    # the first question's rest score moved with the attempt's total, so it is stale again
    assert _stale() == {first.pk, second.pk} and len(enqueued) == 1


def test_marks_on_stale_rows_enqueue_nothing_more(pair, django_capture_on_commit_callbacks):
    first, _second = pair
    quiz = curated([first])
    with django_capture_on_commit_callbacks() as enqueued:
        for _ in range(3):
            Attempt.start(quiz, new_learner()).answer(first.pk, {"answer": "false"})
    assert len(enqueued) == 1  # one task for the burst
    assert ItemStatistic.objects.get(pk=first.pk).generation > 1


def test_a_row_marked_while_it_was_computed_stays_stale(pair):
    first, _second = pair
    take(curated([first]), new_learner(), {"answer": "true"})
    generations = {first.pk: ItemStatistic.objects.get(pk=first.pk).generation}
    stored.mark_stale([first.pk])  # an answer arrives after the task read the row
    stored.refresh(generations)
    assert _stale() == {first.pk}


def test_the_task_stores_what_the_answers_give(pair):
    first, second = pair
    quiz = curated([first, second])
    for right in (True, False, True):
        take(quiz, new_learner(), {"answer": "true" if right else "false"}, text("韩欣毅"))
    assert _stale() == set()  # take() ran the task, as the worker would after the commit
    computed = items.for_questions([first, second])
    kept = stored.for_questions([first, second])
    for question in (first, second):
        assert kept[question.pk].samples == computed[question.pk].samples
        assert kept[question.pk].flags == computed[question.pk].flags
        assert kept[question.pk].wrong == computed[question.pk].wrong
    assert [w.count for w in kept[second.pk].wrong] == [3]
    row = ItemStatistic.objects.get(pk=first.pk)
    assert (row.answers, row.score_sum, row.first_answers) == (3, 2.0, 3)
    assert row.facility == pytest.approx(2 / 3)


def test_a_review_marks_its_question_and_counts_after_the_refresh(pair):
    first, _second = pair
    now = timezone.now()
    ReviewLog.objects.create(learner=new_learner(), question=first, rating=Rating.AGAIN, reviewed_at=now, due_after=now)
    assert _stale() == {first.pk}
    stored.refresh_stale_statistics.call()
    row = ItemStatistic.objects.get(pk=first.pk)
    assert (row.reviews, row.again) == (1, 1)


def test_refresh_statistics_works_out_every_answered_question(pair):
    first, second = pair
    take(curated([first]), new_learner(), {"answer": "false"})
    ItemStatistic.objects.all().delete()  # as before the statistics were stored
    call_command("refresh_statistics", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(ItemStatistic.objects.values_list("pk", "answers", "score_sum")) == [(first.pk, 1, 0.0)]
    assert _stale() == set()


def test_the_list_and_its_filter_read_no_answers(client, editor, pair):
    first, _second = pair
    take(curated([first]), new_learner(), {"answer": "true"})
    client.force_login(editor)
    url = reverse("admin:library_question_changelist")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, {"attention": "yes"})
        client.get(reverse("admin:library_question_change", args=[first.pk]))
    read = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "stats_itemstatistic" in read and "quizzes_answer" not in read
