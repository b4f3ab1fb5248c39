"""Issue 11's walkthrough, as a new editor would do it, in a real Chromium: paste an article in the
admin, confirm what the importer found, select a sentence for a fact with no question and another for
a fact with a draft, then dump_content into a clone of the repository, commit, clone that, and run
there what `make run` runs to build its data (the Makefile's `data` target) on a fresh SQLite file.
The article, both facts and the draft must be in the rebuilt database, and the rebuilt database's
dump must be byte-identical to the commit.

The clone runs the committed code (HEAD), as a fresh machine would."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from quizapp.library.models import Article, Fact, Question, Status
from tests.browser.test_authoring_in_browser import log_in, select_in_paragraph
from tests.factories import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = """标题：城市森林计划
作者：王五
日期：2024-05-06

2023年，城市森林计划在北方三省种下了3200万棵树，覆盖面积达到1.5万公顷。

项目负责人表示，未来三年将继续扩大规模，并邀请更多志愿者参与植树。
"""
BARE = "项目负责人表示，未来三年将继续扩大规模"
WITH_DRAFT = "城市森林计划在北方三省种下了3200万棵树"


def make_fact(page, base: str, article: Article, quote: str) -> Fact:
    page.goto(f"{base}/admin/library/article/{article.pk}/change/")
    select_in_paragraph(page, article.paragraphs.get(text__contains=quote).number, quote)
    button = page.get_by_role("button", name="Create fact from selection")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_url("**/admin/library/fact/add/**")
    assert page.input_value("#id_quote") == quote
    page.click("input[name=_continue]")
    page.wait_for_selector(".authoring-context mark")
    return Fact.objects.get(article=article, quote=quote)


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_make_data(repo: Path, database: Path) -> None:
    """The Makefile's `data` target, with this interpreter's environment as the clone's .venv (so
    nothing is installed: `-o setup` keeps make from re-running pip)."""
    (repo / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"SQLITE_PATH": str(database), "DEBUG": "1"}
    done = subprocess.run(["make", "-o", "setup", "data"], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_a_pasted_article_its_facts_and_a_draft_reach_a_fresh_clone(live_server, browser, editor, tmp_path):
    if shutil.which("make") is None or not (ROOT / ".git").exists():
        pytest.skip("needs make and a git checkout")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, "erin", "pw-erin")

    # Paste, check what the importer found, confirm.
    page.goto(f"{base}/admin/library/article/add/")
    page.fill("#id_text", TEXT)
    page.click("input[name=preview]")
    page.wait_for_selector("#article-preview")
    assert page.inner_text(".detected-title") == "城市森林计划"
    assert page.inner_text(".detected-paragraphs") == "2"
    assert "王五" in page.inner_text("#article-preview") and "2024-05-06" in page.inner_text("#article-preview")
    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/library/article/*/change/")
    article = Article.objects.get(title="城市森林计划")
    assert article.source_file == f"{article.uuid}.txt" and article.author == "王五"

    # A fact left without a question, and one with a draft from an accepted suggestion.
    bare = make_fact(page, base, article, BARE)
    fact = make_fact(page, base, article, WITH_DRAFT)
    page.locator(".suggestion").first.get_by_role("button", name="Accept as draft").click()
    page.wait_for_url("**/admin/library/question/*/change/")
    draft = Question.objects.get(fact=fact)
    assert draft.status == Status.DRAFT and draft.prompt
    assert errors == []
    context.close()

    # dump_content into a clone of the repository and commit it there, as an editor would.
    work = tmp_path / "work"
    git("clone", "-q", "--depth", "1", f"file://{ROOT}", str(work), cwd=tmp_path)
    call_command("dump_content", str(work / "content"), seeds=work / "seeds", stdout=io.StringIO())
    git("add", "content", cwd=work)
    git("commit", "-q", "-m", "bank: a pasted article with two facts", cwd=work)
    assert f"content/articles/{article.uuid}.txt" in git("ls-files", "content", cwd=work)

    # A fresh clone of that commit builds its data as `make run` does.
    fresh = tmp_path / "fresh"
    git("clone", "-q", f"file://{work}", str(fresh), cwd=tmp_path)
    database = tmp_path / "fresh.sqlite3"
    run_make_data(fresh, database)

    with sqlite3.connect(database) as db:
        title, body = db.execute(
            "SELECT title, body FROM library_article WHERE source_file = ?", [article.source_file]
        ).fetchone()
        paragraphs = [row[0] for row in db.execute(
            "SELECT p.text FROM library_paragraph p JOIN library_article a ON a.id = p.article_id"
            " WHERE a.source_file = ? ORDER BY p.number", [article.source_file])]  # fmt: skip
        facts = dict(
            db.execute("SELECT quote, id FROM library_fact WHERE uuid = ? OR uuid = ?", [bare.uuid.hex, fact.uuid.hex])
        )
        questions = db.execute(
            "SELECT fact_id, status, prompt FROM library_question WHERE uuid = ?", [draft.uuid.hex]
        ).fetchall()
        bare_questions = db.execute(
            "SELECT COUNT(*) FROM library_question WHERE fact_id = ?", [facts.get(BARE)]
        ).fetchone()
    assert (title, body) == ("城市森林计划", article.body)
    assert paragraphs == [p.text for p in article.paragraphs.order_by("number")] and len(paragraphs) == 2
    assert set(facts) == {BARE, WITH_DRAFT}
    assert bare_questions == (0,)
    assert questions == [(facts[WITH_DRAFT], Status.DRAFT, draft.prompt)]

    # The rebuilt database dumps to exactly what was committed.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    dumped = subprocess.run(
        [str(fresh / ".venv" / "bin" / "python"), "manage.py", "dump_content", "content/"],
        cwd=fresh, env=env | {"SQLITE_PATH": str(database)}, capture_output=True, text=True,
    )  # fmt: skip
    assert dumped.returncode == 0, dumped.stderr
    changed = git("status", "--porcelain", "--untracked-files=all", cwd=fresh).splitlines()
    assert [line for line in changed if line != "?? .venv"] == []  # .venv: the symlink made above
