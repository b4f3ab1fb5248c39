"""Issue 12's walk, end to end in a real Chromium at 1366×768 with the admin in 简体中文: an author
drags a mouse selection over a sentence at the bottom of the longest article, makes the fact,
accepts a suggestion, edits the draft by keyboard and sends it to review; an editor returns it with a
reason; the author reads the reason, fixes the question, answers in its thread and resubmits; the
editor publishes; the history shows every step with its values. Screenshots of each step go to
artifacts/screenshots/admin-walk-*.png."""

from __future__ import annotations

import pytest

from quizapp.library.comments import Comment, CommentKind
from quizapp.library.models import Fact, Question, Status
from quizapp.library.suggest import suggest
from tests.browser.test_article_page import CHAR_BOXES, SENTENCE_END, longest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1366, "height": 768}
REASON = "解析只复述了题干：请写明原文的依据和数字的来历。"
FIX = "原文最后一段写明了这一点。"


def zh_session(browser, base: str, username: str):
    """A page logged in as `username` whose browser asks for Chinese, as a Chinese author's does."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    return context, page, errors


def last_sentence_with_suggestions(article):
    """The sentence nearest the end of `article` from which the admin proposes questions."""
    corpus = list(Fact.objects.with_source())
    for paragraph in article.paragraphs.order_by("-number"):
        for sentence in reversed(SENTENCE_END.findall(paragraph.text)):
            fact = Fact(article=article)
            fact.anchor(sentence.strip())
            if len(sentence.strip()) > 8 and suggest(fact, corpus):
                return paragraph, sentence.strip()
    raise AssertionError("no sentence of the article has a suggestion")


def run_action(page, base: str, question: Question, action: str) -> None:
    page.goto(f"{base}/admin/library/question/?q={question.uuid}")
    page.check(f"input[name=_selected_action][value='{question.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_author_and_editor_walk_a_question_from_a_dragged_sentence_to_published(
    live_server, browser, imported, author, editor, shots
):
    base = live_server.url
    article = longest(imported)
    paragraph, sentence = last_sentence_with_suggestions(article)
    assert paragraph.number >= article.paragraphs.count() - 2, "a sentence at the bottom of the article"

    # 1. The author drags the mouse over the sentence, scrolled to the bottom of the article.
    context, page, errors = zh_session(browser, base, "alice")
    page.goto(f"{base}/admin/library/article/{article.pk}/change/")
    page.evaluate(
        "(n) => document.getElementById(`p${n}`).scrollIntoView({block: 'end', behavior: 'instant'})",
        paragraph.number,
    )
    first_char, last_char = page.evaluate(CHAR_BOXES, [paragraph.number, sentence])
    assert 0 < first_char["y"] <= last_char["y"] < VIEWPORT["height"]
    page.mouse.move(first_char["left"] + 1, first_char["y"])
    page.mouse.down()
    page.mouse.move(last_char["right"] - 1, last_char["y"], steps=12)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()") == sentence
    page.screenshot(path=str(shots / "admin-walk-1-drag.png"))
    assert page.inner_text(".selection-button") == "用所选内容创建事实"
    page.click(".selection-button")
    page.wait_for_url("**/admin/library/fact/add/**")
    assert page.input_value("#id_quote") == sentence
    page.click("input[name=_continue]")
    page.wait_for_selector(".suggestion")
    fact = Fact.objects.get(article=article, quote=sentence)
    assert fact.paragraph == paragraph.number
    page.screenshot(path=str(shots / "admin-walk-2-fact-and-suggestions.png"), full_page=True)

    # 2. Accepting the first suggestion opens its draft; the author edits it with the keyboard.
    page.locator(".suggestion button").first.click()
    page.wait_for_url("**/admin/library/question/*/change/")
    question = Question.objects.get(fact=fact)
    assert (question.status, question.author) == (Status.DRAFT, author)
    page.focus("#id_explanation")
    page.keyboard.press("Control+End")
    page.keyboard.type("（见文章最后一段）")
    page.keyboard.press("Control+s")  # save and keep editing
    page.wait_for_selector(".messagelist .success")
    question.refresh_from_db()
    assert question.explanation.endswith("（见文章最后一段）")
    page.screenshot(path=str(shots / "admin-walk-3-draft-edited.png"))
    run_action(page, base, question, "send_to_review")
    page.wait_for_selector(".messagelist")
    question.refresh_from_db()
    assert question.status == Status.REVIEW
    context.close()

    # 3. The editor returns it with a reason.
    context, page, errors_editor = zh_session(browser, base, "erin")
    run_action(page, base, question, "return_to_author")
    page.fill("textarea[name=reason]", REASON)
    page.screenshot(path=str(shots / "admin-walk-4-return-with-reason.png"))
    page.click(".submit-row input[type=submit]")
    page.wait_for_selector(".messagelist")
    question.refresh_from_db()
    assert question.status == Status.DRAFT
    context.close()

    # 4. The author's list marks it; the question page shows the reason and the thread.
    context, page, errors_author = zh_session(browser, base, "alice")
    page.goto(f"{base}/admin/library/question/?comments=unread")
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1 and "1 条未读" in row.inner_text()
    page.screenshot(path=str(shots / "admin-walk-5-author-list-unread.png"))
    row.locator("th a").first.click()
    page.wait_for_url(f"**/admin/library/question/{question.pk}/change/**")
    assert REASON in page.inner_text(".returned-because")
    thread = page.locator("#comments")
    assert REASON in thread.inner_text() and "退回作者" in thread.inner_text() and "未读" in thread.inner_text()
    page.screenshot(path=str(shots / "admin-walk-6-reason-on-the-question.png"))

    # 5. The author fixes it by keyboard, resubmits from the form, and answers in the thread.
    page.focus("#id_explanation")
    page.keyboard.press("Control+End")
    page.keyboard.type(FIX)
    page.select_option("#id_status", Status.REVIEW)
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    question.refresh_from_db()
    assert question.status == Status.REVIEW and question.explanation.endswith(FIX)
    page.fill("#id_comment_text", "已在解析中写明原文依据，请再看。")
    page.click(".comment-form input[type=submit]")
    page.wait_for_url(f"**/admin/library/question/{question.pk}/change/#comments")
    page.locator("#comments").screenshot(path=str(shots / "admin-walk-7-thread-answered.png"))
    assert not Comment.objects.filter(question=question, read_at__isnull=True, kind=CommentKind.RETURNED).exists()
    context.close()

    # 6. The editor publishes; the history shows every step with who, the reason and the values.
    context, page, errors_editor2 = zh_session(browser, base, "erin")
    run_action(page, base, question, "publish")
    page.wait_for_selector(".messagelist")
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    page.goto(f"{base}/admin/library/question/{question.pk}/history/")
    steps = [" ".join(row.split()) for row in page.locator("#change-history tbody tr").all_inner_texts()]
    assert len(steps) == 6  # newest first: published, fixed and resubmitted, returned, sent, edited, accepted
    assert "erin" in steps[0] and "状态: 审核中 → 已发布" in steps[0]
    assert "alice" in steps[1] and "状态: 草稿 → 审核中" in steps[1] and FIX in steps[1]
    assert "erin" in steps[2] and REASON in steps[2] and "状态: 审核中 → 草稿" in steps[2]
    assert "alice" in steps[3] and "状态: 草稿 → 审核中" in steps[3]
    assert "alice" in steps[4] and "（见文章最后一段）" in steps[4]
    assert "alice" in steps[5] and "已创建" in steps[5]
    page.screenshot(path=str(shots / "admin-walk-8-history.png"), full_page=True)
    assert errors == errors_editor == errors_author == errors_editor2 == []
    context.close()
