from __future__ import annotations

from quizapp.library.models import Fact


def test_article_list_shows_titles_sources_dates_scripts_and_counts(client, imported):
    html = client.get("/articles/").content.decode()
    for article in imported.values():
        assert article.title in html
    assert "2024-06-18" in html and "虎嗅APP" in html
    assert "繁體中文" in html and "简体中文" in html
    assert "138 paragraphs" in html or "138 段" in html or "138" in html


def test_empty_library_explains_how_to_import(client, db):
    html = client.get("/articles/").content.decode()
    assert "import_articles" in html


def test_article_page_numbers_paragraphs_as_anchors(client, imported):
    article = imported["002_aec1c1457b9d3803.txt"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="para') == article.paragraphs.count()
    assert 'id="p1"' in html and f'id="p{article.paragraphs.count()}"' in html
    assert "6月13日，蚂蚁集团发布了2023年度的可持续发展报告" in html
    assert "ends mid-sentence" in html or "截断" in html or "mid-sentence" in html


def test_script_toggle_converts_and_is_remembered(client, imported):
    article = imported["004_16e9d79e391e2d81.txt"]
    url = article.get_absolute_url()
    assert "支付寶的醫療健康業務" in client.get(url).content.decode()
    response = client.post("/script/", {"script": "zh-Hans", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["script"].value == "zh-Hans"
    html = client.get(url).content.decode()
    assert "支付宝的医疗健康业务" in html and "支付寶的醫療健康業務" not in html
    client.post("/script/", {"script": "zh-Hant", "next": url})
    simplified = imported["002_aec1c1457b9d3803.txt"]
    html = client.get(simplified.get_absolute_url()).content.decode()
    assert "螞蟻集團" in html and "可持續發展報告" in html and "可持续发展报告" not in html


def test_script_toggle_rejects_unknown_values_and_foreign_redirects(client, db):
    assert client.post("/script/", {"script": "klingon"}).status_code == 400
    response = client.post("/script/", {"script": "zh-Hans", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/script/").status_code == 405


def test_highlight_marks_the_fact_quote(client, imported):
    article = imported["002_aec1c1457b9d3803.txt"]
    fact = Fact(article=article, quote="2023年蚂蚁集团研发投入高达211.9亿元")
    fact.anchor(fact.quote)
    fact.save()
    html = client.get(fact.source_url()).content.decode()
    assert '<mark id="highlight">2023年蚂蚁集团研发投入高达211.9亿元</mark>' in html
    assert fact.source_url().endswith(f"#p{fact.paragraph}")


def test_missing_article_is_404(client, db):
    assert client.get("/articles/999/").status_code == 404


def test_base_page_serves_htmx_from_static_with_csrf_header_and_language_switch(client, imported):
    html = client.get("/articles/").content.decode()
    assert "/static/django_htmx/htmx" in html and "unpkg" not in html and "cdn" not in html.lower()
    assert 'hx-headers=\'{"X-CSRFToken"' in html
    assert 'action="/i18n/setlang/"' in html and "English" in html and "简体中文" in html
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_language_switch_to_english(client, imported):
    client.post("/i18n/setlang/", {"language": "en", "next": "/articles/"})
    html = client.get("/articles/").content.decode()
    assert '<html lang="en">' in html and "Articles" in html
