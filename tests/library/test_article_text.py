"""Articles from the browser (issue 11.3) and an article's identity (11.2): the importer's parser runs,
the editor sees what it found before anything is stored, and the same text never becomes two articles."""

from __future__ import annotations

import io
import shutil
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from quizapp.library.importer import article_id_for
from quizapp.library.models import Article, Drift, Fact, Question
from tests.factories import make_question

ADD = "/admin/library/article/add/"
TEXT = """标题：测试之城
作者：李四
日期：2024-05-06

第一段：这座城市在2023年种下了1亿棵树。

第二段：居民人数超过了300万。

点击关注，获取更多精彩内容
"""


def preview(client, url=ADD, **data):
    response = client.post(url, {"preview": "1", **data})
    assert response.status_code == 200
    return response


def confirm(client, checked_page, url=ADD):
    form = checked_page.context["form"]
    return client.post(url, {"confirm": "1", **form.initial})


def test_pasted_text_is_shown_as_parsed_then_added_on_confirmation(client, editor):
    client.force_login(editor)
    page = preview(client, text=TEXT)
    body = page.content.decode()
    assert Article.objects.count() == 0  # nothing is stored before the editor confirms
    found = page.context["preview"]
    assert (found.title, found.author, str(found.published_on), len(found.paragraphs)) == (
        "测试之城",
        "李四",
        "2024-05-06",
        2,
    )
    assert "点击关注" in body and found.removed == ["点击关注，获取更多精彩内容"]  # the chrome it dropped, shown
    response = confirm(client, page)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/")
    # A pasted article is known by its own id, and lives in the repository under it.
    assert article.source_file == f"{article.uuid}.txt"
    assert article.title == "测试之城" and article.paragraphs.count() == 2
    assert "1亿棵树" in article.body and "点击关注" not in article.body


def test_a_second_article_from_the_browser_is_not_a_500(client, editor):
    client.force_login(editor)
    confirm(client, preview(client, text=TEXT))
    confirm(client, preview(client, text=TEXT.replace("测试之城", "另一座城").replace("1亿", "2亿")))
    assert Article.objects.count() == 2


def test_empty_or_unusable_input_is_refused_with_a_reason(client, editor):
    client.force_login(editor)
    for data, reason in [
        ({"text": "   \n"}, "Paste the article"),
        ({"text": "---\ntitle: [unclosed\n"}, "cannot become an article"),
        ({"upload": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, "Choose a .txt or .md file"),
        ({"upload": SimpleUploadedFile("a.txt", "第一段。".encode("gb18030"))}, "not UTF-8"),
    ]:
        response = preview(client, **data)
        assert reason in response.content.decode(), data
        assert response.context["preview"] is None
    assert Article.objects.count() == 0


def test_uploaded_markdown_keeps_its_name_and_the_same_text_is_not_added_twice(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("city.md", TEXT.encode("utf-8"))
    confirm(client, preview(client, upload=upload))
    article = Article.objects.get()
    assert article.source_file == "city.md"
    again = confirm(client, preview(client, text=TEXT))
    assert Article.objects.count() == 1 and again["Location"].endswith(f"/{article.pk}/change/")


def test_authors_cannot_add_articles(client, author):
    client.force_login(author)
    assert client.post(ADD, {"preview": "1", "text": TEXT}).status_code == 403
    assert Article.objects.count() == 0


def test_replacing_the_text_runs_drift_handling(client, editor):
    client.force_login(editor)
    confirm(client, preview(client, text=TEXT))
    article = Article.objects.get()
    fact = Fact(article=article, quote="种下了1亿棵树")
    fact.anchor(fact.quote)
    fact.save()
    question = make_question(fact)
    url = f"/admin/library/article/{article.pk}/replace/"
    assert url in client.get(f"/admin/library/article/{article.pk}/change/").content.decode()
    response = confirm(client, preview(client, url, text=TEXT.replace("1亿", "2亿")), url)
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.drift == Drift.FLAGGED
    assert not Question.objects.live().filter(pk=question.pk).exists()
    assert "1 fact(s) flagged" in client.get(response["Location"]).content.decode()
    assert Article.objects.count() == 1


def test_a_confirmation_of_other_text_than_previewed_is_previewed_again(client, editor):
    client.force_login(editor)
    page = preview(client, text=TEXT)
    response = client.post(
        ADD, {"confirm": "1", "text": TEXT + "\n第三段。", "checked": page.context["form"].initial["checked"]}
    )
    assert response.status_code == 200 and Article.objects.count() == 0


def test_renamed_file_reimports_as_the_same_article(db, tmp_path, seeds_dir):
    name = "002_aec1c1457b9d3803.txt"
    shutil.copy(seeds_dir / name, tmp_path / name)
    call_command("import_articles", str(tmp_path / name), stdout=io.StringIO())
    article = Article.objects.get()
    assert article.uuid == article_id_for(name)  # the same id on every clone that imports seeds/
    (tmp_path / name).rename(tmp_path / "renamed.txt")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "renamed.txt"), stdout=out)
    assert Article.objects.count() == 1 and f"the same article as {name}" in out.getvalue()


def test_front_matter_id_names_the_article(db, tmp_path):
    article_id = uuid.uuid4()
    path = tmp_path / "x.txt"
    path.write_text(f"---\nid: {article_id}\ntitle: 甲\n---\n\n第一段。\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO())
    path.write_text(f"---\nid: {article_id}\ntitle: 甲\n---\n\n第一段改了。\n", encoding="utf-8")
    path.rename(tmp_path / "y.txt")
    call_command("import_articles", str(tmp_path / "y.txt"), stdout=io.StringIO())
    article = Article.objects.get()
    assert article.uuid == article_id and article.body == "第一段改了。"
