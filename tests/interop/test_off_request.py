"""Bank-wide exports are built once per content version by the worker and served as files; a confirmed
admin import is written by the worker and reported on its own page (issue 18)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend

from quizapp.interop import exporting, importing
from quizapp.library.models import Article, Question
from tests.factories import make_question
from tests.interop.test_files import ARTICLE, HAND_WRITTEN_MOODLE

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The format of each export really written."""
    built: list[str] = []
    write = exporting.export

    def counting(questions, fmt):
        built.append(fmt)
        return write(questions, fmt)

    monkeypatch.setattr(exporting, "export", counting)
    return built


def run_worker() -> None:
    """The database backend's own worker, as `manage.py db_worker` runs in production: every queued
    task, then it stops."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)


def gift_ids(content: bytes) -> list[str]:
    return sorted(line.split("[id:")[1].split("]")[0] for line in content.decode().splitlines() if "[id:" in line)


def test_the_whole_bank_export_is_built_once_per_content_version(client, db, builds):
    question = make_question()
    response = client.get("/export/gift")
    assert response["Content-Disposition"] == 'attachment; filename="quizapp-questions.gift.txt"'
    first, again = response.getvalue(), client.get("/export/gift").getvalue()
    assert first == again and gift_ids(first) == [str(question.uuid)]
    assert builds == ["gift"]
    question.prompt = "改过的题目？"
    question.save()
    changed = client.get("/export/gift").getvalue()
    assert builds == ["gift", "gift"] and "改过的题目" in changed.decode()
    # Only the current version stays on disk.
    assert len(list(exporting.export_path("gift", "published", "", "x").parent.glob("gift-*"))) == 1


def test_while_the_worker_builds_the_export_the_page_waits_and_asks_again(client, db, settings, builds):
    settings.TASKS = DUMMY  # enqueued tasks wait, as for a worker that has not got to them yet
    question = make_question()
    page = client.get("/export/moodle")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "is being prepared" in html and 'hx-get="/export/moodle"' in html and 'hx-trigger="every' in html
    assert client.get("/export/moodle", HTTP_HX_REQUEST="true").status_code == 204
    (result,) = default_task_backend.results  # two requests, one build asked for
    assert builds == []
    result.task.call(*result.args)  # the worker runs it
    ready = client.get("/export/moodle", HTTP_HX_REQUEST="true").content.decode()
    assert "The export is ready." in ready and 'href="/export/moodle"' in ready and "hx-get" not in ready
    download = client.get("/export/moodle")
    assert download["Content-Disposition"] == 'attachment; filename="quizapp-questions.xml"'
    assert str(question.uuid) in download.getvalue().decode() and builds == ["moodle"]


def test_authors_get_their_own_export_with_drafts(client, db, author, settings):
    settings.TASKS = DUMMY
    make_question()
    draft = make_question(status="draft", prompt="草稿题目？")
    assert "is being prepared" in client.get("/export/csv").content.decode()
    client.force_login(author)
    assert "is being prepared" in client.get("/export/csv").content.decode()
    scopes = sorted(r.args[1] for r in default_task_backend.results)
    assert scopes == ["all", "published"]  # one file each: a learner never gets the authors' file
    for result in default_task_backend.results:
        result.task.call(*result.args)
    assert str(draft.uuid) in client.get("/export/csv").getvalue().decode()
    client.logout()
    assert str(draft.uuid) not in client.get("/export/csv").getvalue().decode()


def test_an_unknown_tag_is_404_and_builds_nothing(client, db, settings):
    settings.TASKS = DUMMY
    make_question()
    assert client.get("/export/gift?tag=no-such-tag").status_code == 404
    assert default_task_backend.results == []


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_the_export_and_the_page_then_serves_it(client, settings, builds):
    settings.TASKS = DATABASE
    question = make_question()
    assert "is being prepared" in client.get("/export/gift").content.decode()
    assert client.get("/export/gift", HTTP_HX_REQUEST="true").status_code == 204
    assert builds == []
    run_worker()
    assert "The export is ready." in client.get("/export/gift", HTTP_HX_REQUEST="true").content.decode()
    assert gift_ids(client.get("/export/gift").getvalue()) == [str(question.uuid)]
    assert builds == ["gift"]


def confirm_form(client, article) -> dict:
    upload = io.BytesIO(HAND_WRITTEN_MOODLE)
    upload.name = "questions.xml"
    preview = client.post("/admin/import/", {"file": upload, "format": "moodle", "article": article.pk})
    return {"upload": preview.context["upload"], "article": article.pk, "write": "1"}


def test_a_confirmed_import_is_written_by_the_task_and_reported_on_its_page(bank, client, author):
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    before = Question.objects.count()
    done = client.post("/admin/import/", confirm_form(client, article))
    assert done.status_code == 302 and done["Location"].startswith("/admin/import/")
    assert Question.objects.count() == before + 5
    page = client.get(done["Location"]).content.decode()
    assert "Imported: 5 created, 0 updated, 1 refused." in page
    assert "Moodle question type &#x27;essay&#x27; has no equivalent here" in page  # why, row by row
    assert "hx-get" not in page  # done: nothing left to ask for


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_writes_the_import_while_the_page_waits(imported, client, author, settings):
    settings.TASKS = DATABASE
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    form = confirm_form(client, article)
    before = Question.objects.count()
    job = client.post("/admin/import/", form)["Location"]
    waiting = client.get(job).content.decode()
    assert "The import is being written." in waiting and f'hx-get="{job}"' in waiting
    assert client.get(job, HTTP_HX_REQUEST="true").content.decode().count("hx-get") == 1
    assert Question.objects.count() == before  # the request wrote nothing
    run_worker()
    assert Question.objects.count() == before + 5
    written = Question.objects.get(prompt="韩歆毅毕业于哪所大学？")
    assert written.history.get().history_user == author  # the trail names who imported, as in the request
    report = client.get(job, HTTP_HX_REQUEST="true").content.decode()
    assert "Imported: 5 created, 0 updated, 1 refused." in report and "hx-get" not in report
    assert "<html" not in report  # the partial only


def test_a_failing_import_says_so_and_writes_nothing(bank, client, author, monkeypatch):
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    form = confirm_form(client, article)
    write = importing.write_bank

    def crash_after_writing(bank):
        write(bank)  # the rows are in, then the worker fails before the end of the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "write_bank", crash_after_writing)
    before = Question.objects.count()
    page = client.get(client.post("/admin/import/", form)["Location"]).content.decode()
    assert "The import was not written." in page and "nothing was written" in page and "disk full" not in page
    assert Question.objects.count() == before


def test_an_import_whose_article_went_away_before_the_worker_ran_reports_it(bank, client, author, settings):
    settings.TASKS = DUMMY
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    job = client.post("/admin/import/", confirm_form(client, article))["Location"]
    Question.objects.filter(fact__article=article).delete()
    article.delete()  # after the confirmation, before the worker got to it
    before = Question.objects.count()
    (result,) = default_task_backend.results
    result.task.call(*result.args)
    page = client.get(job).content.decode()
    assert "No question in the file can be imported any more." in page and "hx-get" not in page
    assert Question.objects.count() == before


def test_an_import_page_is_its_authors_only(bank, client, author, editor):
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    job = client.post("/admin/import/", confirm_form(client, article))["Location"]
    client.force_login(editor)
    assert client.get(job).status_code == 404
    assert client.get("/admin/import/not-a-job-token-at-all/").status_code == 404


def test_an_admin_selection_past_the_bound_links_to_the_bank_wide_export(bank, client, editor, monkeypatch):
    from quizapp.interop import admin_actions

    monkeypatch.setattr(admin_actions, "MAX_SELECTED", 2)
    chosen = [q.pk for q in Question.objects.published()[:3]]
    client.force_login(editor)
    form = {"action": "export_csv", "_selected_action": chosen}
    response = client.post("/admin/library/question/", form, follow=True)
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "3 questions selected; an export from this list takes at most 2." in page
    assert 'href="/export/csv"' in page
    ok = client.post("/admin/library/question/", {"action": "export_csv", "_selected_action": chosen[:2]})
    assert ok["Content-Disposition"] == 'attachment; filename="quizapp-questions.csv"'


def test_the_waiting_pages_and_the_report_read_in_chinese(bank, client, author, settings):
    settings.TASKS = DUMMY
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    assert "正在用整个题库生成导出文件" in client.get("/export/gift", **zh).content.decode()
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    form = confirm_form(client, article)
    job = client.post("/admin/import/", form, **zh)["Location"]
    assert "正在写入导入的题目" in client.get(job, **zh).content.decode()
    # The worker writes in the language the author confirmed in: the refusals it records read in Chinese.
    (_export, result) = default_task_backend.results
    result.task.call(*result.args)
    report = client.get(job, **zh).content.decode()
    assert "导入完成：新建 5 道，更新 0 道，拒绝 1 道。" in report
    assert "Moodle" in report and "has no equivalent" not in report


def test_an_import_no_worker_has_taken_says_so(bank, client, author, settings, monkeypatch):
    from quizapp.interop import import_jobs

    settings.TASKS = DUMMY  # no worker takes it
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    job = client.post("/admin/import/", confirm_form(client, article))["Location"]
    assert "It has not started yet" not in client.get(job).content.decode()
    monkeypatch.setattr(import_jobs, "STALLED_SECONDS", -1)
    waiting = client.get(job, HTTP_HX_REQUEST="true").content.decode()
    assert "It has not started yet: the task worker is busy or not running." in waiting and "hx-get" in waiting
