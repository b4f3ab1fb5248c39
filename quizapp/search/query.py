"""Looking terms up in the index: `search` filters a queryset the way the admin's search does (every
whitespace-separated term must be found in one of the search fields), one index lookup per term."""

from __future__ import annotations

import re
import uuid

from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.text import smart_split, unescape_string_literal

from quizapp.search.index import code, indexed_fields
from quizapp.search.keys import grams, search_key
from quizapp.search.models import Entry

_HEX = re.compile(r"[0-9a-f]{8,32}")  # a UUID, or at least its first group


def terms(search_term: str) -> list[str]:
    """The admin's split: on whitespace, a quoted phrase kept whole (as ModelAdmin.get_search_results)."""
    found = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        found.append(bit)
    return found


def matching_ids(fields: list[str], term: str) -> models.QuerySet:
    """object_id of every entry among `fields` (entry codes) whose text contains `term`, folded."""
    key = search_key(term)
    entries = Entry.objects.filter(field__in=fields, text__contains=key)
    if connection.vendor == "postgresql":
        # Served by the GIN index on search_grams("text"); the LIKE above then only checks the order.
        served = RawSQL('search_grams("text") @> %s::text[]', [grams(key)], output_field=models.BooleanField())
        entries = entries.filter(served)
    elif connection.vendor == "sqlite" and len(key) >= 3:
        # FTS5's trigram tokenizer finds substrings of three characters or more; shorter keys scan.
        phrase = '"' + key.replace('"', '""') + '"'
        entries = entries.filter(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [phrase]))
    return entries.order_by().values("object_id")


def _uuid_range(term: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    digits = term.replace("-", "").lower()
    if not _HEX.fullmatch(digits):
        return None
    return uuid.UUID(digits.ljust(32, "0")), uuid.UUID(digits.ljust(32, "f"))


def plan(model: type[models.Model], search_fields) -> dict[str, list[str]] | None:
    """{relation path ("" for the row itself): entry codes}, and "uuid:<path>" for a UUID column (found
    by exact value or prefix, through its unique index); None when a search field is not indexed
    (the caller then searches the old way)."""
    by_path: dict[str, list[str]] = {}
    for name in map(str, search_fields):
        if name[:1] in "^=@":
            return None
        try:
            fields = get_fields_from_path(model, name)
        except FieldDoesNotExist:
            return None
        last, path = fields[-1], name.rpartition("__")[0]
        if isinstance(last, models.UUIDField):
            by_path.setdefault(f"uuid:{name}", [])
        elif last.name in indexed_fields(last.model):
            by_path.setdefault(path, []).append(code(last.model, last.name))
        else:
            return None
    return by_path


def search(queryset: models.QuerySet, search_fields, search_term: str) -> models.QuerySet | None:
    """`queryset` narrowed to rows that contain every term of `search_term` in some search field,
    whatever the script or width; None when the fields are not all indexed."""
    model = queryset.model
    paths = plan(model, search_fields)
    if paths is None:
        return None
    for term in terms(search_term):
        # One id list per term, a UNION of the columns' lookups: "id IN (…) OR fact_id IN (…)" would
        # have PostgreSQL test each of the 50,000 questions against both lists.
        ids = []
        for path, codes in paths.items():
            if path.startswith("uuid:"):
                if bounds := _uuid_range(term):
                    ids.append(_pks(model, **{f"{path.removeprefix('uuid:')}__range": bounds}))
            elif path:
                ids.append(_pks(model, **{f"{path}__in": matching_ids(codes, term)}))
            else:
                ids.append(matching_ids(codes, term))
        if not ids:
            return queryset.none()
        queryset = queryset.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])
    return queryset


def _pks(model: type[models.Model], **lookups) -> models.QuerySet:
    return model._base_manager.filter(**lookups).order_by().values("pk")
