"""Under TASK_BACKEND=rq, django-rq's dashboard (English, raw job arguments, an operator's tool) is not
part of the admin: no link on the index, no address under /admin/ (its pages come with the registration).
Operators read the queue with `manage.py rqstats`; editors see their job's state on the page that waits for it."""

from __future__ import annotations

from tests.test_settings import _printed_settings

ADMIN_MODELS = "sorted(m._meta.label for m in __import__('django.contrib.admin').contrib.admin.site._registry)"


def test_the_rq_dashboard_is_not_in_the_admin():
    env = {"TASK_BACKEND": "rq", "REDIS_URL": "redis://127.0.0.1:6379/9"}
    # The worker command needs the app installed; only its admin pages are left out.
    assert _printed_settings(env, "'django_rq' in s.INSTALLED_APPS") == "True"
    models = _printed_settings(env, ADMIN_MODELS)
    assert "library.Question" in models and "django_rq" not in models
