"""Migration library.0014: a javascript:/data: source address stored before the importer refused them
is dropped, so the reader never shows it as a link; web addresses stay."""

import importlib

import pytest
from django.apps import apps

from quizapp.library.models import Article

pytestmark = pytest.mark.django_db

migration = importlib.import_module("quizapp.library.migrations.0014_article_source_url_web_only")


def _article(name: str, url: str) -> Article:
    return Article.objects.create(title=name, body="正文。", source_file=name, content_hash=name, source_url=url)


def test_only_web_addresses_survive(client):
    kept = [
        _article("a.txt", "https://example.com/a"),
        _article("b.txt", "HTTP://example.com/b"),
        _article("c.txt", ""),
    ]
    dropped = [
        _article("d.txt", "javascript:alert(1)"),
        _article("e.txt", "data:text/html,x"),
        _article("f.txt", " https://x"),
    ]
    migration.drop_unsafe_source_urls(apps, None)
    assert [Article.objects.get(pk=a.pk).source_url for a in kept] == [
        "https://example.com/a",
        "HTTP://example.com/b",
        "",
    ]
    assert [Article.objects.get(pk=a.pk).source_url for a in dropped] == ["", "", ""]
    page = client.get(dropped[0].get_absolute_url()).content.decode()
    assert "javascript:" not in page
