"""The search index: the Entry table, the vendor's index over it, and entries for the rows already there."""

from django.db import migrations, models

from quizapp.search.index import rebuild

# PostgreSQL: every character and every pair of neighbouring characters of an entry, for a GIN index.
# pg_trgm would need three characters of a term to use its index, and Chinese names are often two.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT substr(t, i, 1) FROM generate_series(1, length(t)) AS i
        UNION ALL SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    )
$$
"""
PG_INDEX = 'CREATE INDEX search_entry_grams ON search_entry USING gin (search_grams("text"))'
PG_DROP = ["DROP INDEX IF EXISTS search_entry_grams", "DROP FUNCTION IF EXISTS search_grams(text)"]

# SQLite: an FTS5 trigram table over the entries' text (external content: the text is stored once),
# kept in step by triggers whichever way a row is written.
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        "text", content='search_entry', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_entry_added AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts (rowid, "text") VALUES (new.id, new."text"); END""",
    """CREATE TRIGGER search_entry_removed AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts (search_fts, rowid, "text") VALUES ('delete', old.id, old."text"); END""",
    """CREATE TRIGGER search_entry_changed AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts (search_fts, rowid, "text") VALUES ('delete', old.id, old."text");
        INSERT INTO search_fts (rowid, "text") VALUES (new.id, new."text"); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_added",
    "DROP TRIGGER IF EXISTS search_entry_removed",
    "DROP TRIGGER IF EXISTS search_entry_changed",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(schema_editor, by_vendor: dict[str, list[str]]) -> None:
    for sql in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_lookup(apps, schema_editor):
    _run(schema_editor, {"postgresql": [PG_FUNCTION], "sqlite": SQLITE_CREATE})


def drop_lookup(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_DROP, "sqlite": SQLITE_DROP})


def fill(apps, schema_editor):
    rebuild(apps)


def create_pg_index(apps, schema_editor):
    # After the fill: building a GIN index once is much faster than growing it row by row. A large
    # library may take longer than the site's statement timeout (DB_STATEMENT_TIMEOUT_MS), lifted for
    # this transaction only; ANALYZE gives the planner the statistics of the indexed expression.
    _run(schema_editor, {"postgresql": ["SET LOCAL statement_timeout = 0", PG_INDEX, "ANALYZE search_entry"]})


class Migration(migrations.Migration):
    dependencies = [("library", "0010_question_comments")]

    operations = [
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("field", models.CharField(max_length=40)),
                ("object_id", models.BigIntegerField()),
                ("text", models.TextField()),
            ],
            options={"db_table": "search_entry"},
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.UniqueConstraint(fields=("field", "object_id"), name="search_entry_one_per_column"),
        ),
        migrations.RunPython(create_lookup, drop_lookup),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_pg_index, migrations.RunPython.noop),
    ]
