"""A proposal's values: taken from the validated admin form, and compared with the live row as an
editor reads the difference (old → new per field, a question's choices included)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from quizapp.library.models import Question

COMMENT = "proposal_comment"  # the proposer's note, a field of the propose form only
# Form fields that are no content: the status stays as it is; where a fact's quote is placed is
# derived from the quote (the submitted form replays them on approval).
NOT_PROPOSED = {"status", COMMENT, "occurrence", "paragraph_hint"}
CHOICE_FIELDS = ("text", "is_correct", "feedback", "order")


def plain(value):
    """A form or model value as JSON holds it, written alike from either side."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):  # a textarea posts CRLF; the library stores LF (library/apps.py)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def proposed(form, formsets) -> dict:
    """The proposal's values from a valid form and its choice formsets: each field, and each choice
    written or changed (with its id; none for a new one) or marked for deletion."""
    fields = {name: plain(value) for name, value in form.cleaned_data.items() if name not in NOT_PROPOSED}
    choices = []
    for formset in formsets:
        for number, row in enumerate(formset.forms):
            data = row.cleaned_data
            if not data or (row.instance.pk is None and not row.has_changed()):
                continue  # an empty extra row
            entry = {name: plain(data.get(name)) for name in CHOICE_FIELDS}
            delete = bool(data.get("DELETE"))
            changed = delete or row.instance.pk is None or row.has_changed()
            choices.append({"id": row.instance.pk, "row": number, **entry, "delete": delete, "changed": changed})
    # What the author changed: only these are applied, so a change saved meanwhile by someone else stays.
    changed = [name for name in form.changed_data if name in fields]
    return {"fields": fields, "changed": changed, "choices": choices}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def live_value(target, field):
    if field.many_to_many:
        return sorted(getattr(target, field.name).values_list("pk", flat=True))
    return plain(getattr(target, field.attname))


def shown(field, value) -> str:
    """A value as the form shows it: a label, not a stored code; names, not ids."""
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if field.many_to_many:
        return ", ".join(str(row) for row in field.related_model.objects.filter(pk__in=value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def changes(proposal) -> list[Change]:
    """What approving `proposal` changes on the row as it is now."""
    target = proposal.target
    found = []
    proposed_fields = proposal.values.get("fields", {})
    for name in proposal.values.get("changed", proposed_fields):
        field, new = type(target)._meta.get_field(name), proposed_fields[name]
        old = live_value(target, field)
        if old != new:
            found.append(Change(capfirst(field.verbose_name), shown(field, old), shown(field, new)))
    if isinstance(target, Question):
        found += _choice_changes(target, proposal.values.get("choices", []))
    return found


def described(proposal) -> list[tuple[str, str]]:
    """What a decided proposal said, field by field as the form labels them (its diff is history now)."""
    model = type(proposal.target)
    found = []
    proposed_fields = proposal.values.get("fields", {})
    for name in proposal.values.get("changed", proposed_fields):
        field = model._meta.get_field(name)
        found.append((capfirst(field.verbose_name), shown(field, proposed_fields[name])))
    for entry in proposal.values.get("choices", []):
        if not entry.get("changed", True):
            continue
        text = _("deleted: %(text)s") % {"text": entry["text"]} if entry["delete"] else _described(entry)
        found.append((capfirst(_("choice")), text))
    return found


def _described(choice: dict) -> str:
    return f"{choice['text']} ✓" if choice["is_correct"] else choice["text"]


def _choice_changes(question: Question, proposed_choices: list[dict]) -> list[Change]:
    live = {c.pk: c for c in question.choices.all()}
    found = []
    for entry in proposed_choices:
        if not entry.get("changed", True):
            continue
        current = live.get(entry["id"])
        if entry["id"] is None or current is None:
            if not entry["delete"]:
                gone = _("(deleted since)") if entry["id"] is not None else "—"
                found.append(Change(_("New choice"), gone, _described(entry)))
            continue
        was = {name: plain(getattr(current, name)) for name in CHOICE_FIELDS}
        label = _("Choice “%(text)s”") % {"text": was["text"]}
        if entry["delete"]:
            found.append(Change(label, _described(was), _("deleted")))
            continue
        for name in CHOICE_FIELDS:
            if was[name] != entry[name]:
                field = current._meta.get_field(name)
                found.append(
                    Change(f"{label}: {field.verbose_name}", shown(field, was[name]), shown(field, entry[name]))
                )
    return found
