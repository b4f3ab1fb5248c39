from django.db import models


class Entry(models.Model):
    """One searchable column of one row, folded by `keys.search_key` (simplified script, half-width,
    case-folded). PostgreSQL serves substring lookups from a GIN index over the characters and
    character pairs of `text`; SQLite from an FTS5 trigram table kept in step by triggers (both made
    in migration 0001, outside the ORM: a later migration that rebuilds this table on SQLite must
    make the triggers again)."""

    field = models.CharField(max_length=40)  # "question.prompt": model name and column
    object_id = models.BigIntegerField()
    text = models.TextField()

    class Meta:
        db_table = "search_entry"
        constraints = [models.UniqueConstraint(fields=["field", "object_id"], name="search_entry_one_per_column")]

    def __str__(self) -> str:
        return f"{self.field} #{self.object_id}"
