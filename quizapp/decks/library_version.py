"""Counts of the live library's decks, worked out once per change of the library instead of on every page
(issue 18).

The 全部题目 deck holds every live question: counting it read all 50,000 questions at L, ~25 ms of SQL each
time, three times on its page and once more on every deck list showing it; a page's article decks cost a
scan of the question table too. Here the counts are cached under the library's version: one row that a
database trigger rewrites, with a random value, in every statement that writes questions, facts, a
question's tags or a deck's picks, whoever writes them — a form, a bulk update(), the importer,
load_content, a cascade, raw SQL. So a count read under the version of the moment is never stale, and no
code path that changes the library needs to remember to say so. Random, not a counter: a rolled-back
transaction's value is never used again (a counter would come back to it, and a count cached under it
from inside that transaction would then be served). The trigger runs once per statement on PostgreSQL,
once per row on SQLite. While a transaction has written the library it holds the row, so two editors'
saves take turns on it (they are rare; learners never write these tables).

The counts themselves follow QuestionQuerySet.live(), the one home of what learners may see."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count

from quizapp.library.models import Question

# Long enough to outlive quiet days; a change of the library makes a new key, the old one just ages out.
COUNTS_TIMEOUT = 24 * 60 * 60
# Questions and facts (what is live), a question's tags and a deck's picks (what each deck holds).
WATCHED = ("library_question", "library_fact", "library_question_tags", "decks_deck_picked")
TABLE = "decks_libraryversion"


class LibraryVersion(models.Model):
    """One row (id 1), written only by the database triggers below: never saved from Python."""

    version = models.CharField(max_length=36)

    class Meta:
        db_table = TABLE

    def __str__(self) -> str:
        return self.version


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION decks_library_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (id, version) VALUES (1, gen_random_uuid()::text)
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$
"""


def _pg_triggers(table: str, create: bool) -> list[str]:
    name = f"{table}_changes_library"
    statements = [f"DROP TRIGGER IF EXISTS {name} ON {table}"]
    if create:
        statements.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION decks_library_changed()"
        )
    return statements


def _sqlite_triggers(table: str, create: bool) -> list[str]:
    statements = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{table}_{event.lower()}_changes_library"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        if create:
            # Not one INSERT OR REPLACE: SQLite runs a trigger's INSERT with the outer statement's conflict
            # clause, so under bulk_create(ignore_conflicts=True) it would be ignored and the version kept.
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                f"INSERT OR IGNORE INTO {TABLE} (id, version) VALUES (1, ''); "
                f"UPDATE {TABLE} SET version = lower(hex(randomblob(16))) WHERE id = 1; END"
            )
    return statements


def _run(connection: BaseDatabaseWrapper, create: bool) -> None:
    if connection.vendor == "postgresql":
        triggers = [s for table in WATCHED for s in _pg_triggers(table, create)]
        drop_function = "DROP FUNCTION IF EXISTS decks_library_changed()"
        statements = [_PG_FUNCTION, *triggers] if create else [*triggers, drop_function]
    elif connection.vendor == "sqlite":
        statements = [s for table in WATCHED for s in _sqlite_triggers(table, create)]
    else:
        raise NotImplementedError(f"no library version triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers. Run by the migration, and after every migrate on SQLite, which drops a table's
    triggers when a migration rebuilds the table (Django alters SQLite tables by copying them)."""
    _run(connection, create=True)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    _run(connection, create=False)


def version_subquery() -> models.Subquery:
    """The library's version as a column of another statement (no statement of its own)."""
    return models.Subquery(LibraryVersion.objects.filter(pk=1).values("version"))


def current_version() -> str | None:
    return LibraryVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def cached_under[T](version: str | None, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, worked out once per library `version` (None, before the triggers first fire, e.g.
    right after a flush: every time)."""
    key = f"live-library:{version}:{name}"
    value = cache.get(key) if version else None
    if value is None:
        value = compute()
        if version:
            cache.set(key, value, COUNTS_TIMEOUT)
    return value


def live_type_counts(version: str | None) -> dict[str, int]:
    """The live library's questions by type (the 全部题目 deck's), counted once per `version`."""
    live = Question.objects.live().order_by()
    return cached_under(version, "types", lambda: dict(live.values_list("type").annotate(n=Count("pk"))))
