"""A deadline the web worker keeps on each database statement itself (issue 19.6).

The server's statement_timeout never fires for a statement the server never received, and TCP
keepalives stay quiet while something on the way (a proxy, a pooler, a hung host) still acknowledges
the packets: a worker's established connection then waited for the whole partition, and gunicorn
killed the worker after 30 s. Here an interval timer raises in the worker after
DB_REQUEST_STATEMENT_TIMEOUT_MS: the statement fails as an OperationalError, quizapp/errors.py answers
503 and drops the connection (psycopg refuses the next command on it, so it counts as unusable).

Only for requests on PostgreSQL, in the main thread (a signal is delivered there: gunicorn's sync
workers, the test client); management commands and task workers keep the server's own timeout.
"""

from __future__ import annotations

import signal
import threading
from contextlib import ExitStack

from django.conf import settings
from django.db import connections
from psycopg import errors


class DeadlinePassed(errors.ConnectionTimeout):
    """A statement the database did not answer in time (an OperationalError, as Django sees it)."""


def _expired(signum, frame):
    raise DeadlinePassed("the database did not answer in time")


def _bounded(seconds: float):
    # Only the timer, per statement: the handler is installed once per request (below), so the hot path
    # makes two system calls a statement instead of four.
    def execute_with_deadline(execute, sql, params, many, context):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return execute(sql, params, many, context)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    return execute_with_deadline


class StatementDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.DB_REQUEST_STATEMENT_TIMEOUT_MS / 1000
        self.aliases = [a for a, db in settings.DATABASES.items() if "postgresql" in db["ENGINE"]]

    def __call__(self, request):
        if not self.seconds or not self.aliases or threading.current_thread() is not threading.main_thread():
            return self.get_response(request)
        wrapper = _bounded(self.seconds)
        # Per request rather than per process: whatever held SIGALRM before (nothing under gunicorn's sync
        # workers; a test's own alarm) has it back between requests, and the middleware may be built in
        # another thread than the one that serves (runserver, the test client), where no handler can be set.
        previous = signal.signal(signal.SIGALRM, _expired)
        try:
            with ExitStack() as stack:
                for alias in self.aliases:
                    stack.enter_context(connections[alias].execute_wrapper(wrapper))
                return self.get_response(request)
        finally:
            signal.signal(signal.SIGALRM, previous)
