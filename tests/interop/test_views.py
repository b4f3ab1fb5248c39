"""Downloads, the admin export actions and the admin import with its preview."""

from __future__ import annotations

import io

import tablib

from quizapp.library.models import Article, Question, Status
from tests.interop.test_files import ARTICLE, HAND_WRITTEN_MOODLE


def rows(response) -> list[dict]:
    return tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv").dict


def test_learners_download_published_questions_and_authors_drafts_too(bank, client, author):
    article = Article.objects.get(source_file=ARTICLE)
    Question.objects.for_article(article).filter(pk=Question.objects.for_article(article).first().pk).update(
        status=Status.DRAFT
    )
    published = Question.objects.for_article(article).published().count()
    everything = Question.objects.for_article(article).count()
    url = f"/export/csv?article={article.pk}"
    anonymous = client.get(url)
    assert anonymous["Content-Disposition"] == f'attachment; filename="quizapp-article-{article.pk}.csv"'
    assert len(rows(anonymous)) == published < everything
    assert {row["status"] for row in rows(anonymous)} == {"published"}
    client.force_login(author)
    assert len(rows(client.get(url))) == everything


def test_moodle_download_links_to_the_configured_site(bank, client, settings):
    settings.SITE_URL = "https://quiz.example.org"
    content = client.get("/export/moodle?tag=people", HTTP_HOST="127.0.0.1").getvalue().decode()
    assert content.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert "https://quiz.example.org/articles/" in content and "127.0.0.1" not in content
    assert client.get("/export/pdf").status_code == 404


def test_admin_action_exports_the_selected_questions(bank, client, editor):
    chosen = list(Question.objects.published()[:3])
    client.force_login(editor)
    response = client.post(
        "/admin/library/question/",
        {"action": "export_gift", "_selected_action": [q.pk for q in chosen]},
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert sorted(line.split("[id:")[1].split("]")[0] for line in text.splitlines() if "[id:" in line) == sorted(
        str(q.uuid) for q in chosen
    )


def test_admin_import_previews_then_writes_with_the_chosen_fact(bank, client, author):
    article = Article.objects.get(source_file=ARTICLE)
    client.force_login(author)
    upload = io.BytesIO(HAND_WRITTEN_MOODLE)
    upload.name = "questions.xml"
    before = Question.objects.count()
    preview = client.post("/admin/import/", {"file": upload, "format": "moodle", "article": article.pk})
    page = preview.content.decode()
    assert "Moodle question type &#x27;essay&#x27; has no equivalent here" in page
    assert Question.objects.count() == before  # a preview writes nothing
    plan = preview.context["plan"]
    university = next(r for r in plan.rows if r.prompt == "韩歆毅毕业于哪所大学？")
    form = {"upload": preview.context["upload"], "article": article.pk, "write": "1"}
    form[f"anchor-{university.question_id}"] = str(university.candidates[0].number)
    form[f"confirm-{university.question_id}"] = "on"
    done = client.post("/admin/import/", form)
    assert done.status_code == 302 and Question.objects.count() == before + 5
    confirmed = Question.objects.get(prompt="韩歆毅毕业于哪所大学？")
    assert confirmed.fact.quote == university.candidates[0].text
    assert confirmed.anchored
    unconfirmed = Question.objects.get(prompt="韩歆毅生于哪一年？")
    assert unconfirmed.status == Status.DRAFT and not unconfirmed.anchored


def test_a_bad_upload_shows_the_reason_and_writes_nothing(bank, client, author):
    client.force_login(author)
    upload = io.BytesIO(b"<quiz><question>")
    upload.name = "broken.xml"
    before = Question.objects.count()
    response = client.post("/admin/import/", {"file": upload, "format": "moodle"})
    assert response.status_code == 400 and "Not well-formed XML" in response.content.decode()
    assert Question.objects.count() == before


def test_learners_cannot_reach_the_import(client, learner):
    client.force_login(learner)
    response = client.get("/admin/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_export_questions_command_writes_the_chosen_format(bank, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "bank.xml"
    out = io.StringIO()
    call_command("export_questions", "--format", "moodle", "--output", str(target), "--article", ARTICLE, stdout=out)
    published = Question.objects.for_article(Article.objects.get(source_file=ARTICLE)).published()
    assert f"{published.count()} question(s) as moodle" in out.getvalue()
    assert target.read_text(encoding="utf-8").count("<idnumber>") == published.count()
