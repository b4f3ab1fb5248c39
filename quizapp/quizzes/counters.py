"""The attempt's running count, moved in the database and read back in the same statement."""

from __future__ import annotations

from django.db import connection


def advance(attempt_id: int, score: float) -> tuple[int, float]:
    """One more question answered, worth `score`: returns the attempt's position and score after it.
    Counting in the database keeps two racing submits from skipping a question; RETURNING saves the
    read-back every answer made (both databases have it: PostgreSQL, SQLite ≥ 3.35)."""
    from quizapp.quizzes.models import Attempt  # models imports this module

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Attempt._meta.db_table} SET position = position + 1, score = score + %s WHERE id = %s "
            "RETURNING position, score",
            [score, attempt_id],
        )
        position, total = cursor.fetchone()
    return position, total
