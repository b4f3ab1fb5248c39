"""Database rows built once per test process and put back cheaply in every test that needs them.

Importing the five shipped articles and loading the bank parse, segment and anchor every sentence;
most tests only read the result. A snapshot runs the real commands once, in a transaction that is
rolled back, keeps the rows they added, and each test gets the same rows (same ids) back by bulk
inserts inside its own transaction.

The snapshot's ids are far above any a test makes first (a deck, a learner): PostgreSQL sequences
never go back on rollback, and on SQLite the snapshot starts its counters at FIRST_ID.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

FIRST_ID = 1_000_000


def _tables() -> list[type[models.Model]]:
    # Proxy models share their concrete model's table; m2m through tables are models of their own.
    # The library version is written by database triggers only: restoring the questions writes it again.
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label != "decks.LibraryVersion"
    ]


def _rows(model: type[models.Model]) -> dict:
    columns = [f.attname for f in model._meta.concrete_fields]
    return {row["pk"]: row for row in model._base_manager.values("pk", *columns)}


def _ids_start_at(first: int, tables) -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL: the build's ids come from sequences that later rows only ever pass
    with connection.cursor() as cursor:
        for model in tables:
            if isinstance(model._meta.pk, models.AutoField):
                table = model._meta.db_table
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [first - 1, table])
                if not cursor.rowcount:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first - 1])


def _same(model: type[models.Model], old: dict, new: dict | None) -> bool:
    """auto_now columns move on any save; that alone is no change worth replaying."""
    auto = {f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    return new is not None and all(new[k] == v for k, v in old.items() if k not in auto)


class Snapshot:
    def __init__(self, added: dict[type[models.Model], list[dict]]) -> None:
        self.added = added

    @classmethod
    def take(cls, build: Callable[[], object], *, on: Snapshot | None = None) -> Snapshot:
        """Run `build` on top of `on` and keep what it adds. It may only add rows: a change to an
        existing row could not be replayed, so it fails here rather than in some test later."""
        with transaction.atomic():
            if on:
                on.restore()
            before = {model: _rows(model) for model in _tables()}
            _ids_start_at(FIRST_ID, before)
            build()
            added = {}
            for model, old in before.items():
                new = _rows(model)
                changed = [pk for pk, row in old.items() if not _same(model, row, new.get(pk))]
                if changed:
                    raise AssertionError(f"{model._meta.label} {changed[:5]} changed; a snapshot only adds rows")
                rows = [row for pk, row in new.items() if pk not in old]
                if rows:
                    added[model] = rows
            transaction.set_rollback(True)
        return cls(added)

    def restore(self) -> None:
        """Insert the rows `build` added (not those of the base snapshot: the base fixture did that)."""
        # One transaction, so foreign keys (deferred) are checked once all rows are in, in any order.
        with transaction.atomic():
            for model, rows in self.added.items():
                model._base_manager.bulk_create(model(**{k: v for k, v in row.items() if k != "pk"}) for row in rows)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.added)):
                    cursor.execute(sql)  # PostgreSQL: new rows must not reuse the restored ids
