"""Server-side sessions: in the database, read through the cache, with the user on each row.

Log-out deletes the row and its cached copy, so a captured cookie stops working; `end_sessions`
does that for every session of one user (and revokes the user's API tokens). Both or neither: while the
cache cannot be written, the row stays and the log-out is a 503 to try again. A row deleted with its copy
left in an unreachable Redis came back to life when Redis did (the copy is read first), and a cache hit
must not cost a database statement to check it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.core.cache import caches
from django.db import router, transaction

from quizapp.errors import CACHE_ERRORS

logger = logging.getLogger(__name__)

# After the cache fails once, this process reads sessions from the database alone for a while, instead of
# every request first waiting REDIS_TIMEOUT_MS for a cache that is gone: with Redis black-holed that wait
# held two workers to about one request a second (bench/RESULTS.md, "Faults under load"). By cache
# location, so one cache's outage never pauses another.
CACHE_PAUSE_S = 10.0
_paused_until: dict[str, float] = {}


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "quizapp.session:"

    @classmethod
    def get_model_class(cls):
        from quizapp.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        session.user_id = int(user_id) if str(user_id).isdecimal() else None
        return session

    def load(self):
        # The cache is a copy: when it cannot be reached, the database still answers.
        where = str(settings.CACHES[settings.SESSION_CACHE_ALIAS].get("LOCATION", ""))
        if time.monotonic() < _paused_until.get(where, 0.0):
            return db.SessionStore.load(self)
        try:
            return super().load()
        except CACHE_ERRORS:
            _paused_until[where] = time.monotonic() + CACHE_PAUSE_S
            logger.warning("session cache unreachable; reading sessions from the database for %d s", CACHE_PAUSE_S)
            return db.SessionStore.load(self)

    def delete(self, session_key=None):
        # The copy's delete raises when Redis cannot be reached: the row's delete rolls back with it.
        with transaction.atomic(using=router.db_for_write(self.model)):
            super().delete(session_key)


def end_sessions(user) -> int:
    """Delete every session of `user` (and the cached copies) and its API tokens; returns the sessions ended."""
    from rest_framework.authtoken.models import Token

    from quizapp.accounts.models import UserSession

    sessions = UserSession.objects.filter(user=user)
    # The copies' delete raises when Redis cannot be reached: the rows' and the tokens' roll back with it.
    with transaction.atomic(using=router.db_for_write(UserSession)):
        keys = [SessionStore.cache_key_prefix + key for key in sessions.values_list("session_key", flat=True)]
        ended, _ = sessions.delete()
        caches[settings.SESSION_CACHE_ALIAS].delete_many(keys)
        Token.objects.filter(user=user).delete()
    return ended
