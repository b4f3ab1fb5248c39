"""Why a change was made when no person made it. A command that writes the library (load_content)
runs inside `recorded_as(reason)`, and every history record written meanwhile carries that reason
where a request would have named a user — whether the record comes from a save or a bulk insert."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

LOAD_CONTENT = "load_content"

_reason: ContextVar[str | None] = ContextVar("history_reason", default=None)


@contextmanager
def recorded_as(reason: str) -> Iterator[None]:
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


def reason() -> str | None:
    """The reason history written now carries (pass it to simple-history's bulk helpers, which
    send no signal), or None outside `recorded_as`."""
    return _reason.get()


@receiver(pre_create_historical_record, dispatch_uid="library-trail-reason")
def _give_reason(sender, history_instance, **kwargs) -> None:
    # A reason given for this very change (e.g. returning to the author) wins over the command's.
    if not history_instance.history_change_reason and (current := _reason.get()):
        history_instance.history_change_reason = current
