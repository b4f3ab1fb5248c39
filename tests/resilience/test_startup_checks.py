"""A bad or unreachable REDIS_URL fails the deploy (gunicorn exits before serving), not the traffic."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from tests.resilience.caches import require_redis
from tests.scale.servers import free_port  # bound, then closed: connecting there is refused at once

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _gunicorn(redis_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"WEB_CONCURRENCY", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="quizapp.settings", REDIS_URL=redis_url)
    # --check-config would skip the hooks; a real start that the hook stops before any worker exists.
    args = [GUNICORN, "quizapp.wsgi", "-w", "2", "-b", "127.0.0.1:0"]
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def test_unreachable_redis_stops_gunicorn_with_a_clear_message():
    port = free_port()
    result = _gunicorn(f"redis://:s3cret@127.0.0.1:{port}/0")
    assert result.returncode != 0
    assert f"REDIS_URL='redis://:***@127.0.0.1:{port}/0' does not answer" in result.stderr
    assert "Not starting: fix REDIS_URL or start Redis" in result.stderr
    assert "s3cret" not in result.stderr  # the password is never printed
    assert "Booting worker" not in result.stderr  # refused before serving anything


def test_malformed_redis_url_stops_gunicorn():
    result = _gunicorn("redis://127.0.0.1:notaport/0")
    assert result.returncode != 0 and "is not a Redis URL" in result.stderr


def test_a_redis_that_answers_passes_the_check():
    require_redis()
    conf = _gunicorn_conf()
    assert conf.redis_problem("redis://127.0.0.1:6379/14") is None
    assert "does not answer" in conf.redis_problem(f"redis://127.0.0.1:{free_port()}/14")


def test_each_worker_loads_opencc_before_its_first_request():
    from quizapp.library.scripts import _converter

    _converter.cache_clear()
    _gunicorn_conf().post_worker_init(worker=None)
    assert _converter.cache_info().currsize == 2  # simplified → traditional and back, both loaded


def test_database_connection_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"WEB_CONCURRENCY", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="quizapp.settings", DATABASE_URL="postgres://quizapp@127.0.0.1:5432/quizapp")
    run = [sys.executable, "-c", code]
    defaults = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert defaults.stdout.split() == ["600", "False", "False"], defaults.stderr
    env.update(DB_CONN_MAX_AGE="0", DB_CONN_HEALTH_CHECKS="1", DB_TRANSACTION_POOLER="1")
    pooled = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert pooled.stdout.split() == ["0", "True", "True"], pooled.stderr
