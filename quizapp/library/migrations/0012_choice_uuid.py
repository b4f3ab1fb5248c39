"""Choice.uuid: the id the bank files give a choice (content/FORMAT.md), so a load matches it by id.

AddField with default=uuid4 would give every existing row the same value (the default is called once),
so the column is added empty, filled with a distinct value per row, and only then made unique and
non-null. A history row gets the uuid of the choice it records; the history of a deleted choice one
new uuid for all its rows.
"""

import uuid

from django.db import migrations, models

BATCH = 5_000


def _fill(cursor, table: str, ids: list, vendor: str) -> None:
    # SQLite keeps a UUIDField as 32 hex digits, PostgreSQL as its own uuid type.
    rows = [(uuid.uuid4().hex if vendor == "sqlite" else uuid.uuid4(), pk) for pk in ids]
    cursor.executemany(f"UPDATE {table} SET uuid = %s WHERE id = %s", rows)


def backfill(apps, schema_editor) -> None:
    """A distinct uuid for every choice without one, then each history row takes its choice's."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    choices = quote(apps.get_model("library", "Choice")._meta.db_table)
    history = quote(apps.get_model("library", "HistoricalChoice")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, computed per row (~200,000 rows in seconds).
            cursor.execute(f"UPDATE {choices} SET uuid = gen_random_uuid() WHERE uuid IS NULL")
        else:
            # By id range, so memory stays flat however many choices there are.
            last = 0
            while True:
                query = f"SELECT id FROM {choices} WHERE uuid IS NULL AND id > %s ORDER BY id LIMIT %s"
                cursor.execute(query, [last, BATCH])
                ids = [row[0] for row in cursor.fetchall()]
                if not ids:
                    break
                _fill(cursor, choices, ids, connection.vendor)
                last = ids[-1]
        cursor.execute(
            f"UPDATE {history} SET uuid = (SELECT c.uuid FROM {choices} c WHERE c.id = {history}.id) WHERE uuid IS NULL"
        )
        cursor.execute(f"SELECT DISTINCT id FROM {history} WHERE uuid IS NULL")
        deleted = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(deleted), BATCH):
            _fill(cursor, history, deleted[start : start + BATCH], connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("library", "0011_question_retired_status")]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.AddField(
            model_name="historicalchoice",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="choice",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="UUID"),
        ),
        migrations.AlterField(
            model_name="historicalchoice",
            name="uuid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name="UUID"),
        ),
    ]
