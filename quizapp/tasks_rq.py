"""The Redis queue (TASK_BACKEND=rq): Django's tasks run by RQ workers on any number of machines.

django-tasks-rq does the work: its backend enqueues Django's own `@task` functions as RQ jobs and
reads their results back, and `manage.py rqworker default` runs them (settings.RQ names its job
class, so the worker needs no flag). What the project adds, and why:

- Start-up check: `RQBackend.check()` only looks at the settings, so with a wrong REDIS_URL the
  deploy step (`migrate`) passed and the worker stopped on a bare connection error, or a traceback
  for a malformed URL. The system checks that every management command runs now ping Redis and stop
  it with the reason, as gunicorn.conf.py stops the servers.
- Delivery: each job is handed to one worker (RQ moves it off the queue list atomically), so two
  workers never run it at once. A job whose worker dies mid-run (killed, out of memory, machine lost)
  is run again, up to RETRIES times: at-least-once. Every task here may run twice: packages and
  exports are written to a temporary file and renamed, and skipped when already there; statistics
  are recomputed from the answers; an import is one transaction, rolled back with the dead worker.
  A task that raised is not run again: it is reported as failed, with its traceback, as the
  database backend reports it.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django_rq.queues import DjangoRQ
from django_tasks_rq import Job as TaskJob
from django_tasks_rq import RQBackend
from rq import Retry

from quizapp.redis_check import redis_problem

# Runs after the first, for a job whose worker died: two more chances, then it is reported failed.
RETRIES = 2


class RedisQueueBackend(RQBackend):
    def check(self, **kwargs):
        problems = [(name, redis_problem(settings.RQ_QUEUES[name]["URL"])) for name in sorted(self.queues)]
        errors = [
            checks.Error(
                f"The task queue {name!r}: {problem.rstrip('.')}.",
                hint="Start Redis or fix REDIS_URL, then deploy again (TASK_BACKEND=rq keeps the tasks there).",
                id="quizapp.E001",
            )
            for name, problem in problems
            if problem
        ]
        # The library's own checks open the queues, which raises on a malformed URL: only once it answers.
        yield from errors or super().check(**kwargs)


class RetryingQueue(DjangoRQ):
    """Every job is created with RETRIES retries (spent only when its worker dies, see Job)."""

    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        return super().create_job(*args, retry=retry or Retry(max=RETRIES), **kwargs)


class Job(TaskJob):
    def perform(self):
        try:
            return super().perform()
        except BaseException:
            # The task ran and raised (or overran the queue's timeout): running it again would only
            # repeat that, so the worker records the failure instead of spending a retry.
            self.retries_left = None
            raise
