"""A deadline the web worker keeps on each database statement itself (issue 19.6).

The server's statement_timeout never fires for a statement the server never received, and TCP
keepalives stay quiet while something on the way (a proxy, a pooler, a hung host) still acknowledges
the packets: a worker's established connection then waited for the whole partition, and gunicorn
killed the worker after 30 s. Here an interval timer raises in the worker after
DB_REQUEST_STATEMENT_TIMEOUT_MS: the statement fails as an OperationalError, quizapp/errors.py answers
503 and drops the connection (psycopg refuses the next command on it, so it counts as unusable).

Only for requests on PostgreSQL, in the main thread (a signal is delivered there: gunicorn's sync
workers, the test client); management commands and task workers keep the server's own timeout.

A connection attempt that times out (connect_timeout) also makes the process refuse new connections at
once for UNREACHABLE_PAUSE_S: otherwise every request waited connect_timeout again, a worker answered
one request per 5 s, and the requests queued behind it were held for the whole partition (15.2 s of a
15 s fault in bench/RESULTS.md, "Faults under load"). Only a request that needs a new connection is
refused; /healthz and static files are served as ever, and a slow statement never pauses anything.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import connections
from psycopg import errors


class DeadlinePassed(errors.ConnectionTimeout):
    """A statement the database did not answer in time (an OperationalError, as Django sees it)."""


class DatabaseUnreachable(errors.ConnectionTimeout):
    """Not tried: a connection attempt of this process timed out moments ago (an OperationalError too)."""


UNREACHABLE_PAUSE_S = 5.0  # a database back within it waits for the pause to end: recovery up to 5 s later
_unreachable_until: dict[str, float] = {}  # by alias


@contextmanager
def _pausing_after_timeouts(alias: str):
    """For one request: the connection's connect refuses during a pause, and a timed-out one starts one."""
    connection = connections[alias]
    connect = connection.get_new_connection

    def get_new_connection(conn_params):
        if time.monotonic() < _unreachable_until.get(alias, 0.0):
            raise DatabaseUnreachable("a connection to the database timed out moments ago")
        try:
            return connect(conn_params)
        except errors.ConnectionTimeout:
            _unreachable_until[alias] = time.monotonic() + UNREACHABLE_PAUSE_S
            raise

    connection.get_new_connection = get_new_connection  # this object's only, until the request ends
    try:
        yield
    finally:
        del connection.get_new_connection


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
        if not self.aliases:
            return self.get_response(request)
        timed = self.seconds and threading.current_thread() is threading.main_thread()
        # The handler per request rather than per process: whatever held SIGALRM before (nothing under
        # gunicorn's sync workers; a test's own alarm) has it back between requests, and the middleware may be
        # built in another thread than the one that serves (runserver, the test client), where none can be set.
        previous = signal.signal(signal.SIGALRM, _expired) if timed else None
        try:
            with ExitStack() as stack:
                for alias in self.aliases:
                    stack.enter_context(_pausing_after_timeouts(alias))
                    if timed:
                        stack.enter_context(connections[alias].execute_wrapper(_bounded(self.seconds)))
                return self.get_response(request)
        finally:
            if timed:
                signal.signal(signal.SIGALRM, previous)
