"""Finding the current learner, and moving an anonymous learner's work to an account."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from quizapp.accounts.models import Learner

SESSION_KEY = "learner_id"

# Apps that own learner data register a function here that moves it from one learner to
# another (resolving clashes their own way). accounts knows nothing about quizzes or study.
_mergers: list[Callable[[Learner, Learner], None]] = []


def register_merger(func: Callable[[Learner, Learner], None]) -> Callable[[Learner, Learner], None]:
    _mergers.append(func)
    return func


def current_learner(request: HttpRequest, *, create: bool = False) -> Learner | None:
    """The learner behind this request; with create=True, one is made (never on GET for anonymous)."""
    if request.user.is_authenticated:
        if create:
            learner, _ = Learner.objects.get_or_create(user=request.user)
            return learner
        return Learner.objects.filter(user=request.user).first()
    learner_id = request.session.get(SESSION_KEY)
    if learner_id:
        learner = Learner.objects.filter(pk=learner_id, user__isnull=True).first()
        if learner:
            return learner
    if not create:
        return None
    if not request.session.session_key:
        request.session.save()
    try:
        with transaction.atomic():
            learner = Learner.objects.create(session_key=request.session.session_key)
    except IntegrityError:
        learner = Learner.objects.get(session_key=request.session.session_key)
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
