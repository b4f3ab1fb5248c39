from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Learner(models.Model):
    """Whoever is learning: an account, or an anonymous browser session until it signs up or logs in.

    Attempts and flashcard states belong to a Learner, so an anonymous learner's work can
    move to their account in one place (`merge_into`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="learner"
    )
    # For anonymous learners: a random token tying the row to one browser. (Not Django's session
    # key, which changes on log-in; the session carries this learner's id instead.)
    session_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(session_key__isnull=False),
                name="learner_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.user.get_username() if self.user_id else f"anonymous {self.pk}"


class UserSession(AbstractBaseSession):
    """A server-side session with its user beside it, so "log out everywhere" is one DELETE.

    Django's own session table keeps the user only inside the encoded data.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from quizapp.accounts.sessions import SessionStore

        return SessionStore
