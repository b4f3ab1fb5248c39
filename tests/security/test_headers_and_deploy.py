from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "quiz.example",
    "DJANGO_SETTINGS_MODULE": "quizapp.settings",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    leave_out = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run([sys.executable, *args], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True)


def test_check_deploy_passes_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_hsts_secure_cookies_and_ssl_redirect():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, s.SECURE_REFERRER_POLICY)"
    )
    result = _run(["-c", code], PRODUCTION)
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True", "same-origin"], result.stderr


PAGES = ["/", "/articles/", "/me/", "/accounts/login/", "/accounts/signup/", "/decks/", "/api/docs/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_strict_csp_and_carries_no_inline_code(client, bank, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin" and response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or (nonce and f'nonce="{nonce[1]}"' in tag), tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", html), "inline style attribute"
    assert "<style" not in html


def test_article_and_quiz_pages_carry_no_inline_code_either(client, bank):
    from quizapp.quizzes.models import Attempt, Quiz

    quiz = Quiz.objects.filter(article__isnull=False).first()
    article = quiz.article
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    for url in (article.get_absolute_url(), quiz.get_absolute_url(), attempt.get_absolute_url()):
        html = client.get(url).content.decode()
        assert not re.search(r"<[^>]+\sstyle\s*=", html) and not re.search(r"\son[a-z]+\s*=", html), url
        assert all("src=" in tag or "nonce=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), url


def test_htmx_is_configured_for_the_csp(client, db):
    html = client.get("/articles/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
