"""Real gunicorn servers in subprocesses, production settings, on the test's database; and a browser-
like HTTP client that one learner can carry from one server to the other.

The servers read the database pytest-django made (its NAME from the test's connection), so the test
must commit its rows (`transactional_db`) for them to be seen.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_… database)."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(**extra: str) -> dict[str, str]:
    """DEBUG=0 settings as the README's production command sets them, plain HTTP on 127.0.0.1."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "WEB_CONCURRENCY", "DATABASE_URL"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # no TLS proxy in front here
        "DATABASE_URL": database_url(),
        **extra,
    }


def collect_static(env: dict[str, str]) -> None:
    # DEBUG=0 serves the hashed names of the manifest; collectstatic writes it.
    args = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"collectstatic failed: {done.stderr[-2000:]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_servers(count: int, env: dict[str, str], workers: int = 2):
    """`count` gunicorn servers of `workers` workers each; yields their ports once all answer /healthz."""
    servers = []
    try:
        for _ in range(count):
            port = free_port()
            args = [GUNICORN, "quizapp.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60"]
            process = subprocess.Popen(args, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
            servers.append((port, process))
        for port, process in servers:
            _wait_until_up(port, process)
        yield [port for port, _ in servers]
    finally:
        for _, process in servers:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; TERM waits for workers
        for _, process in servers:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
            process.stderr.close()


@contextmanager
def task_worker(env: dict[str, str]):
    """The Redis queue's worker (`manage.py rqworker default`, TASK_BACKEND=rq in `env`) beside the servers."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)  # RQ's warm shutdown: it finishes the job in hand
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stderr.close()


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited: {process.stderr.read()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout} s")


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode()


class Browser:
    """One learner's cookies, sent to whichever server is asked. Cookies are kept by hand: with DEBUG=0
    they are `Secure`, which a standard cookie jar would not send over this test's plain HTTP."""

    def __init__(self, address: str) -> None:
        self.cookies: dict[str, str] = {}
        self.address = address  # the client address a trusted proxy would report (TRUSTED_PROXY_COUNT=1)

    def request(self, port: int, method: str, path: str, data=None, headers: dict | None = None) -> Response:
        headers = {"Accept-Language": "en", "X-Forwarded-For": self.address, **(headers or {})}
        body = None
        if isinstance(data, dict):
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif isinstance(data, str):
            body = data
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body.encode() if body else None, headers=headers)
            raw = conn.getresponse()
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
        finally:
            conn.close()

    def get(self, port: int, path: str, **headers) -> Response:
        return self.request(port, "GET", path, headers=headers)

    def post(self, port: int, path: str, data: dict, csrf_from: Response | None = None) -> Response:
        if csrf_from is not None:
            data = {**data, "csrfmiddlewaretoken": csrf_token(csrf_from.text)}
        return self.request(port, "POST", path, data)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return unescape(match.group(1))
