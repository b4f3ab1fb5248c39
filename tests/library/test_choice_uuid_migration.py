"""Migration 0012 gives every existing choice its own uuid (AddField with a default would give them
all one), and each history row the uuid of the choice it records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("library", "0011_question_retired_status")]
AFTER = [("library", "0012_choice_uuid")]


@pytest.mark.django_db(transaction=True)
def test_existing_choices_get_distinct_uuids_and_their_history_follows():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        article = apps.get_model("library", "Article").objects.create(
            title="t", source_file="t.txt", content_hash="x", body="2023年研发投入211.9亿元。"
        )
        fact = apps.get_model("library", "Fact").objects.create(
            article=article, quote="211.9亿元", start=0, end=1, paragraph=0
        )
        question = apps.get_model("library", "Question").objects.create(
            fact=fact, type="single_choice", prompt="p", explanation="e"
        )
        Choice = apps.get_model("library", "Choice")
        choices = Choice.objects.bulk_create(Choice(question=question, order=n, text=f"选项{n}") for n in range(7))
        History = apps.get_model("library", "HistoricalChoice")
        rows = [(c.pk, c.text) for c in choices] + [(choices[0].pk, "旧"), (999, "已删除"), (999, "已删除的旧文")]
        for pk, text in rows:
            History.objects.create(
                id=pk, question_id=question.pk, order=0, text=text, history_date="2026-01-01T00:00Z", history_type="+"
            )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        uuids = dict(apps.get_model("library", "Choice").objects.values_list("pk", "uuid"))
        assert len(uuids) == 7 and None not in uuids.values() and len(set(uuids.values())) == 7
        history = list(apps.get_model("library", "HistoricalChoice").objects.values_list("id", "uuid"))
        assert all(u == uuids[pk] for pk, u in history if pk in uuids)
        deleted = {u for pk, u in history if pk == 999}
        assert len(deleted) == 1 and None not in deleted and not deleted & set(uuids.values())
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
