"""The import speaks the interface's language: bad files, refused items and where they are, in 简体中文."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation

from quizapp.interop import importing
from quizapp.interop.records import FormatError
from quizapp.library.models import Article, Status
from tests.factories import make_question
from tests.interop.test_files import ARTICLE, BAD_FILES, GIFT_EVERY_KIND, HAND_WRITTEN_MOODLE

CJK = re.compile(r"[\u4e00-\u9fff]")


def refusal(content: bytes, fmt: str, language: str) -> str:
    with translation.override(language), pytest.raises(FormatError) as caught:
        importing.parse(content, fmt)
    return str(caught.value)


@pytest.mark.parametrize(("fmt", "content", "english"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_every_bad_file_message_reads_in_chinese(db, fmt, content, english):
    chinese, in_english = refusal(content, fmt, "zh-hans"), refusal(content, fmt, "en")
    assert english in in_english and chinese != in_english and CJK.search(chinese), chinese


def test_a_broken_xml_file_is_explained_in_chinese():
    message = refusal(b"<html></html>", "moodle", "zh-hans")
    assert message == "不是 Moodle XML 题目文件：根元素是 <html>，而不是 <quiz>。"


def preview_rows(article: Article, language: str) -> list:
    with translation.override(language):
        gift = importing.parse(GIFT_EVERY_KIND.encode(), "gift")
        moodle = importing.parse(HAND_WRITTEN_MOODLE, "moodle")
        return [
            *importing.plan(gift, article=article, can_publish=False).rows,
            *importing.plan(moodle, article=article, can_publish=False).rows,
        ]


def test_refused_items_and_where_they_are_read_in_chinese(bank):
    article = Article.objects.get(source_file=ARTICLE)
    chinese, english = preview_rows(article, "zh-hans"), preview_rows(article, "en")
    refused = [(r.where, r.reason) for r in chinese if r.action == "refuse"]
    assert ("第 18 行", "配对题在这里没有对应的题型") in refused
    assert ("第 7 题（论述）", "Moodle 题型 'essay' 在这里没有对应的题型") in refused
    assert ("第 16 行", "请写一段解析，讲清答案为什么正确。") in refused  # the bank's own rule, also in Chinese
    for zh, en in zip(chinese, english, strict=True):
        assert zh.where != en.where and CJK.search(zh.where), zh.where
        assert (zh.reason != en.reason and CJK.search(zh.reason)) if en.reason else not zh.reason, zh.reason


def test_the_admin_import_page_explains_a_bad_file_in_chinese(bank, client, author):
    client.force_login(author)
    upload = io.BytesIO(b"<quiz><question>")
    upload.name = "broken.xml"
    response = client.post("/admin/import/", {"file": upload, "format": "moodle"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and "XML 格式不正确" in response.content.decode()


def test_publishing_an_unconfirmed_question_is_refused_in_chinese(client, editor):
    question = make_question(status=Status.REVIEW, anchored=False)
    client.force_login(editor)
    from tests.interop.test_not_anchored import admin_form

    response = client.post(
        f"/admin/library/question/{question.pk}/change/",
        admin_form(question, status=Status.PUBLISHED),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "发布前请先确认这道题的事实（或另选一个）。" in response.content.decode()
