from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from quizapp.accounts.learners import SESSION_KEY, merge_learner
from quizapp.accounts.models import Learner


@receiver(user_logged_in)
def adopt_anonymous_work(sender, request, user, **kwargs) -> None:
    """On log-in or sign-up, the anonymous learner's attempts and cards move to the account."""
    if request is None or not hasattr(request, "session"):
        return
    # login() rotates the session key but keeps its data, so the anonymous learner id survives.
    anonymous_id = request.session.get(SESSION_KEY)
    anonymous = Learner.objects.filter(pk=anonymous_id, user__isnull=True).first() if anonymous_id else None
    account, _ = Learner.objects.get_or_create(user=user)
    if anonymous is not None:
        merge_learner(anonymous, account)
    request.session[SESSION_KEY] = account.pk
