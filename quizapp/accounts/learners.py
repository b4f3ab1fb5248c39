"""Finding the current learner, and moving an anonymous learner's work to an account.

The learner's id rides in the (signed) session, so the hot paths — fetch a question,
answer it — find "my attempt" with one query that filters on it, without loading the
user or the learner row first.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest

from quizapp.accounts.models import Learner

SESSION_KEY = "learner_id"

# Apps that own learner data register a function here that moves it from one learner to
# another (resolving clashes their own way). accounts knows nothing about quizzes or study.
_mergers: list[Callable[[Learner, Learner], None]] = []


def register_merger(func: Callable[[Learner, Learner], None]) -> Callable[[Learner, Learner], None]:
    _mergers.append(func)
    return func


def current_learner_id(request: HttpRequest) -> int | None:
    """The learner id for this request without a query when the session carries it (no writes)."""
    learner_id = request.session.get(SESSION_KEY)
    if learner_id:
        return learner_id
    if request.user.is_authenticated:  # a session from before it carried the id
        return Learner.objects.filter(user=request.user).values_list("pk", flat=True).first()
    return None


def current_learner(request: HttpRequest, *, create: bool = False) -> Learner | None:
    """The learner behind this request; with create=True one is made (only ever on POST)."""
    learner_id = request.session.get(SESSION_KEY)
    if learner_id:
        learner = Learner.objects.filter(pk=learner_id).first()
        if learner:
            return learner
    if request.user.is_authenticated:
        learner = (
            Learner.objects.get_or_create(user=request.user)[0]
            if create
            else Learner.objects.filter(user=request.user).first()
        )
    elif create:
        # The token only ties the row to a browser; the session holds the id that matters.
        learner = Learner.objects.create(session_key=secrets.token_hex(16))
    else:
        return None
    if learner:
        request.session[SESSION_KEY] = learner.pk
    return learner


def merge_learner(source: Learner, target: Learner) -> None:
    """Move everything `source` did to `target`, then delete `source`. One transaction."""
    if source.pk == target.pk:
        return
    with transaction.atomic():
        for merge in _mergers:
            merge(source, target)
        source.delete()
