"""What is indexed, and keeping the index current: on every save and delete (signals), after the
bank writer's bulk inserts (`index_objects`), and from scratch (`rebuild`, for migrations and the
`rebuild_search_index` command)."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as django_apps
from django.db import models

from quizapp.search.keys import search_key

# The columns the admin searches, by model. A question's fact quote is the fact's entry, found
# through the question's foreign key, so editing a quote re-indexes one row, not its questions.
INDEXED: dict[str, tuple[str, ...]] = {
    "library.Question": ("prompt", "explanation"),
    "library.Fact": ("quote", "restatement", "erratum"),
    "library.Article": ("title", "author", "publisher", "source_file"),
}
BATCH = 2000


def code(model: type[models.Model], field: str) -> str:
    return f"{model._meta.model_name}.{field}"


def indexed_fields(model: type[models.Model]) -> tuple[str, ...]:
    return INDEXED.get(model._meta.label, ())


def _entries(entry_model, model, rows: Iterable[tuple]) -> list:
    """Entry rows for (pk, value of each indexed field, in INDEXED order) tuples."""
    fields = INDEXED[model._meta.label]
    return [
        entry_model(field=code(model, name), object_id=row[0], text=search_key(value or ""))
        for row in rows
        for name, value in zip(fields, row[1:], strict=True)
    ]


def _write(entry_model, entries: list) -> None:
    entry_model.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["field", "object_id"], update_fields=["text"], batch_size=BATCH
    )


def index_objects(objects: Iterable[models.Model]) -> None:
    """Write (or overwrite) the entries of saved rows; one statement per model and batch."""
    from quizapp.search.models import Entry

    by_model: dict[type[models.Model], list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, rows in by_model.items():
        fields = indexed_fields(model)
        _write(Entry, _entries(Entry, model, ((o.pk, *(getattr(o, f) for f in fields)) for o in rows)))


def forget(model: type[models.Model], pks: Iterable[int]) -> None:
    from quizapp.search.models import Entry

    Entry.objects.filter(field__in=[code(model, f) for f in indexed_fields(model)], object_id__in=list(pks)).delete()


def on_save(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not set(update_fields) & set(indexed_fields(sender)):
        return  # e.g. re-anchoring a fact moves its offsets only
    index_objects([instance])


def on_delete(sender, instance, **kwargs) -> None:
    forget(sender, [instance.pk])


def rebuild(apps=django_apps) -> int:
    """Index every row again, in batches; `apps` is a migration's historical registry or the live one."""
    entry_model = apps.get_model("search", "Entry")
    entry_model.objects.all().delete()
    written = 0
    for label, fields in INDEXED.items():
        model = apps.get_model(label)
        rows = model._base_manager.order_by("pk").values_list("pk", *fields)
        batch: list[tuple] = []
        for row in rows.iterator(chunk_size=BATCH):
            batch.append(row)
            if len(batch) == BATCH:
                written += _flush(entry_model, model, batch)
        written += _flush(entry_model, model, batch)
    return written


def _flush(entry_model, model, batch: list[tuple]) -> int:
    entries = _entries(entry_model, model, batch)
    entry_model.objects.bulk_create(entries, batch_size=BATCH)
    batch.clear()
    return len(entries)
