"""Does a value fit the column it is written to? Asked before writing by import_articles and
load_content, so bad input is a one-line reason instead of a DataError from the database
(PostgreSQL refuses a NUL in text, an over-long value and an over-wide number; SQLite would
silently store them, so the two databases would disagree)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def text_problem(value: str) -> str | None:
    """What no text column can hold: a NUL character, or a lone surrogate (not a character at all)."""
    if "\x00" in value:
        return _("holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("holds a lone surrogate, not a character")
    return None


def column_problem(model: type[models.Model], name: str, value: object) -> str | None:
    """Why `value` cannot be stored in `model.name`, as the end of a sentence ("is 400 characters
    long; at most 300 fit"); None when it fits."""
    field = model._meta.get_field(name)
    if isinstance(value, str):
        if problem := text_problem(value):
            return problem
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit:
            return _("is %(length)d characters long; at most %(limit)d fit") % {"length": len(value), "limit": limit}
    elif isinstance(field, models.DecimalField) and value is not None:
        try:
            field.run_validators(value)  # digits before and after the point, and no NaN or infinity
        except ValidationError as exc:
            return " ".join(exc.messages)
    return None
