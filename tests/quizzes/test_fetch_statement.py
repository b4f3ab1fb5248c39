"""The question fetch reads the attempt and which of its questions are live in one statement
(quizapp/quizzes/fetch.py), and the practice card's form body is kept rendered (cards.card_body):
the same answers as the ORM's two statements, on SQLite and PostgreSQL, and nothing of one learner
in what is shared."""

from __future__ import annotations

import pytest
from django.test import Client

from quizapp.library.models import Question, Status
from quizapp.quizzes import fetch
from quizapp.quizzes.models import Attempt, Mode
from tests.factories import curated, right_answer
from tests.quizzes.test_attempt_flow import HX, start


def orm_versions(attempt: Attempt) -> dict:
    """What Attempt.withdraw_stale reads by itself: the live questions not yet answered."""
    pending = [qid for qid in attempt.question_ids if qid not in attempt.answered_ids()]
    return dict(Question.objects.live().filter(pk__in=pending).values_list("pk", "updated_at"))


def test_the_one_statement_reads_what_the_orm_reads(client, six_types, django_assert_num_queries):
    attempt = start(client, curated(six_types))
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]), **HX)
    Question.objects.filter(pk=six_types[3].pk).update(status=Status.RETIRED)  # no longer live
    stored = Attempt.objects.get(pk=attempt.pk)
    with django_assert_num_queries(1):
        read = fetch.owned_attempt(attempt.pk, stored.learner_id)
    assert read.position == 1 and read.question_ids == stored.question_ids and read.mode == Mode.PRACTICE
    assert read.started_at == stored.started_at and read.choice_orders == stored.choice_orders
    # Answered (the first) and retired (the fourth) are left out; each version is the row's to the microsecond.
    assert read.live_versions == orm_versions(stored)
    assert set(read.live_versions) == {q.pk for q in six_types[1:]} - {six_types[3].pk}


def test_an_exam_reads_every_question_answered_or_not(client, six_types):
    attempt = start(client, curated(six_types, mode=Mode.EXAM, slug="exam"))
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[2]), **HX)
    read = fetch.owned_attempt(attempt.pk, attempt.learner_id)
    assert set(read.live_versions) == {q.pk for q in six_types}  # withdraw_stale leaves out the answered


def test_only_the_owner_gets_the_attempt_and_no_id_is_a_500(client, six_types):
    attempt = start(client, curated(six_types))
    assert fetch.owned_attempt(attempt.pk, attempt.learner_id + 1) is None
    other = Client()
    start(other, curated(six_types, slug="other"))
    for path in (f"/attempts/{attempt.pk}/", f"/attempts/{2**63}/", f"/attempts/{10**30}/", "/attempts/0/"):
        assert other.get(path, **HX).status_code == 404, path
    assert Client().get(f"/attempts/{attempt.pk}/", **HX).status_code == 404  # no learner at all


def test_a_question_retired_meanwhile_is_withdrawn_with_a_note_and_the_next_one_shown(client, six_types):
    attempt = start(client, curated(six_types))
    assert six_types[0].prompt in client.get(f"/attempts/{attempt.pk}/", **HX).content.decode()
    Question.objects.filter(pk=six_types[0].pk).update(status=Status.RETIRED)
    html = client.get(f"/attempts/{attempt.pk}/", **HX).content.decode()
    assert "1 question left this quiz" in html and f'name="question" value="{six_types[0].pk}"' not in html
    assert f'name="question" value="{six_types[1].pk}"' in html
    assert Attempt.objects.get(pk=attempt.pk).withdrawn_ids == [six_types[0].pk]


def test_learners_share_the_rendered_body_but_not_their_note_progress_or_token(client, six_types):
    quiz = curated(six_types)
    first, second = client, Client()
    a, b = start(first, quiz), start(second, quiz)
    # The second learner's attempt lost its last question (as withdraw_stale would record it).
    Attempt.objects.filter(pk=b.pk).update(question_ids=b.question_ids[:-1], withdrawn_ids=b.question_ids[-1:])
    for _ in range(2):  # the second round is served from the cached bodies
        mine = first.get(f"/attempts/{a.pk}/", **HX).content.decode()
        theirs = second.get(f"/attempts/{b.pk}/", **HX).content.decode()
        assert "left this quiz" not in mine and "1 question left this quiz" in theirs
        assert f"0 of {len(six_types)} answered" in mine and f"0 of {len(six_types) - 1} answered" in theirs
        assert f"/attempts/{a.pk}/answer/" in mine and f"/attempts/{b.pk}/" not in mine
        assert all(f'name="question" value="{six_types[0].pk}"' in html for html in (mine, theirs))
    token = mine.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token not in theirs


def test_postgresql_prepares_the_fetch_once_per_connection_and_not_behind_a_pooler(client, six_types, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    attempt = start(client, curated(six_types))

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%quizzes_attempt%"])
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(3):
        assert fetch.owned_attempt(attempt.pk, attempt.learner_id).pk == attempt.pk
    assert prepared() == max(before, 1)  # prepared on first use, then reused: never a second copy
    # Behind a transaction pooler the next statement may meet another server: Django's own cursor, no prepare.
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with fetch._cursor(connection) as cursor:
        assert type(cursor.cursor) is not fetch._PreparingCursor
