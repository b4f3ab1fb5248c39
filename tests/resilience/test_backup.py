"""Backup and restore: a snapshot taken while the site runs puts every table back exactly."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from quizapp.library.models import Article, Question
from quizapp.quizzes.models import Attempt

pytestmark = pytest.mark.django_db(transaction=True)


def _every_table() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        tables = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


def _learner_at_work(practice_quiz) -> None:
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "lee", "password": "pw-lee"}).status_code == 302
    assert browser.post(f"/quizzes/{practice_quiz.slug}/start/").status_code == 302
    Token.objects.create(user=Attempt.objects.get().learner.user)


def test_restore_puts_every_table_back_as_it_was_backed_up(learner, practice_quiz, tmp_path):
    _learner_at_work(practice_quiz)
    before = _every_table()
    assert before["quizzes_attempt"] and before["accounts_usersession"] and before["authtoken_token"]
    out = io.StringIO()
    call_command("backup_data", str(tmp_path / "snapshot"), stdout=out)
    assert "backed up to" in out.getvalue() and not list(tmp_path.glob("*.partial"))

    Attempt.objects.all().delete()
    Question.objects.filter(pk=Question.objects.first().pk).update(prompt="changed after the backup")
    Article.objects.create(title="new", source_file="new.txt", content_hash="0", body="正文。")
    learner.delete()
    assert _every_table() != before

    call_command("restore_data", str(tmp_path / "snapshot"), "--yes", stdout=io.StringIO())
    assert _every_table() == before
    assert Attempt.objects.get().learner.user.username == "lee"  # and the ORM reads it again


def test_restore_needs_confirmation_and_a_real_backup(learner, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_data", str(not_a_backup))
    with pytest.raises(CommandError):
        call_command("restore_data", str(not_a_backup), "--yes")
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore_data", str(tmp_path / "missing"), "--yes")
    assert learner.__class__.objects.filter(pk=learner.pk).exists()


def test_a_backup_into_a_missing_folder_fails_with_a_reason(db, tmp_path):
    with pytest.raises(CommandError, match="cannot write|pg_dump failed"):
        call_command("backup_data", str(tmp_path / "no-such-folder" / "snapshot"))
