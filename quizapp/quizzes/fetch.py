"""The question fetch's one statement: the learner's attempt and which of its unanswered questions are
still live, with their content versions (issue 18, point 6).

A fetch used to be two statements — the attempt, then Question.objects.live() over its questions — each
compiled by the ORM on every request, which cost more CPU than running them. Here both are one statement,
compiled once per process and database: the live filter is still Question.objects.live() (compiled from
it, so the rule keeps one home), restricted in SQL to the attempt's questions not yet answered in order
(every question of an exam). Attempt.withdraw_stale then takes the versions read here instead of asking
again, and cards.current_card keys the cached card by them.

SQLite and PostgreSQL only (the JSON functions differ); any other database keeps the two ORM statements.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache

from django.db import connections
from django.db.models import BooleanField, F, Func, TextField
from django.db.models.expressions import RawSQL

from quizapp.library.models import Question
from quizapp.quizzes.models import Attempt, Mode

TABLE, QUESTIONS = Attempt._meta.db_table, Question._meta.db_table

try:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class _PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

except ImportError:  # no psycopg: PostgreSQL is not in use
    _PreparingCursor = None
MAX_ID = 2**63 - 1  # a BigAutoField's largest

# Which questions to check: the attempt's still to answer — from `position` on in practice (answers go in
# order), all of them in an exam (withdraw_stale leaves out the answered ones). It refers to the outer
# attempt row, and is written so that the database looks the ids up by primary key (a join over the
# published questions instead would grow with the library).
PENDING = {
    "sqlite": (
        f'"{QUESTIONS}"."id" IN (SELECT value FROM json_each("{TABLE}"."question_ids")'
        f' WHERE "{TABLE}"."mode" = %s OR key >= "{TABLE}"."position")'
    ),
    "postgresql": (
        f'"{QUESTIONS}"."id" = ANY(ARRAY(SELECT e.id::bigint FROM jsonb_array_elements_text("{TABLE}"."question_ids")'
        f' WITH ORDINALITY AS e(id, n) WHERE "{TABLE}"."mode" = %s OR e.n > "{TABLE}"."position"))'
    ),
}
# [[id, updated_at], …] of the live ones, as JSON text.
AGGREGATE = {
    "sqlite": ("json_group_array", "json_array"),
    "postgresql": ("json_agg", "json_build_array"),
}


@cache
def _statement(alias: str) -> tuple[str, tuple, list, dict] | None:
    connection = connections[alias]
    if connection.vendor not in PENDING:
        return None
    group, pair = AGGREGATE[connection.vendor]
    versions = Func(Func(F("pk"), F("updated_at"), function=pair), function=group, output_field=TextField())
    pending = RawSQL(PENDING[connection.vendor], (Mode.EXAM,), output_field=BooleanField())
    live = Question.objects.live().filter(pending).order_by()
    live_sql, live_params = live.values_list(versions).query.get_compiler(using=alias).as_sql()
    fields = Attempt._meta.concrete_fields
    columns = [f.get_col(TABLE) for f in fields]
    compiler = Attempt.objects.all().query.get_compiler(using=alias)
    sql = (
        f"SELECT {', '.join(compiler.compile(c)[0] for c in columns)}, ({live_sql})"
        f' FROM "{TABLE}" WHERE "{TABLE}"."id" = %s AND "{TABLE}"."learner_id" = %s'
    )
    return sql, tuple(live_params), [f.attname for f in fields], compiler.get_converters(columns)


def _cursor(connection):
    """On PostgreSQL, a cursor that binds on the server and prepares the statement once per connection:
    planning it (~0.7 ms of the server's CPU) cost more than running it. Django's own cursors bind on
    the client and never prepare. Through Django's wrapper, so the request's deadline and the statement
    logs see it. Not behind a transaction pooler, where the next statement may meet another server."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparingCursor(connection.connection))


def _version(text: str) -> datetime:
    """SQLite keeps a UTC datetime without its zone, PostgreSQL's JSON says +00:00."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def owned_attempt(pk: int, learner_id: int, alias: str = "default") -> Attempt | None:
    """The learner's attempt `pk` (None when there is none of theirs), with `live_versions` set to the
    content versions of its live unanswered questions; two ORM statements where one cannot be built."""
    if not 0 < pk <= MAX_ID:  # the ORM answers "none" to an id no column can hold; a driver would raise
        return None
    statement = _statement(alias)
    if statement is None:
        return Attempt.objects.filter(pk=pk, learner_id=learner_id).first()
    sql, live_params, names, converters = statement
    with _cursor(connections[alias]) as cursor:
        cursor.execute(sql, (*live_params, pk, learner_id))
        row = cursor.fetchone()
    if row is None:
        return None
    *values, versions = row
    if converters:
        values = next(Attempt.objects.all().query.get_compiler(using=alias).apply_converters([values], converters))
    attempt = Attempt.from_db(alias, names, values)
    if isinstance(versions, str):  # SQLite's text; psycopg may have parsed PostgreSQL's json already
        versions = json.loads(versions)
    attempt.live_versions = {qid: _version(at) for qid, at in versions or ()}
    return attempt
