"""In a real Chromium at 1366×768: how many clicks an author needs for a question (issue 12.5).

Every click the test makes goes through Clicks, so the counts asserted (and quoted in the README's
author section) are the clicks made; typing and keys (Tab, Space, Ctrl+S) are not clicks.
"""

from __future__ import annotations

import pytest

from quizapp.library.models import Question, QuestionType, Status
from tests.browser.test_authoring_in_browser import log_in
from tests.factories import make_fact, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "2023年蚂蚁集团研发投入高达211.9亿元"
LAPTOP = {"width": 1366, "height": 768}


class Clicks:
    """The page's clicks, counted: a <select> picked with the mouse is two (open, choose)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, target, **kwargs):
        self.count += 1
        locator = self.page.locator(target) if isinstance(target, str) else target
        locator.click(**kwargs)


@pytest.fixture
def fact(article):
    return make_fact(article, quote=SENTENCE, restatement="2023年蚂蚁研发投入211.9亿元，创历史新高。")


def tab_to(page, selector: str, most: int = 5) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would (at most `most` times)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is more than {most} Tabs away")


def author_page(browser, live_server, language="en"):
    context = browser.new_context(viewport=LAPTOP)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # CSP refusals are console errors; failed requests are read from the responses (minus the admin's favicon)
    page.on(
        "console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and errors.append(m.text)
    )
    page.on("response", lambda r: r.status >= 400 and "favicon" not in r.url and errors.append(f"{r.status} {r.url}"))
    log_in(page, live_server.url, "alice", "pw-alice")
    return page, errors


def test_a_question_from_a_suggestion_takes_two_clicks(live_server, browser, author, fact, shots):
    page, errors = author_page(browser, live_server, "zh-hans")
    page.goto(f"{live_server.url}/admin/library/fact/{fact.pk}/change/")
    clicks = Clicks(page)

    clicks.click(page.locator(".suggestion", has_text="多少亿元").locator("button"))  # 采纳为草稿
    page.wait_for_url("**/admin/library/question/*/change/")
    assert page.evaluate("document.activeElement.id") == "id_prompt"  # ready to edit the wording
    page.locator("#live-preview .preview-card").first.wait_for()
    assert "211.9亿元" in page.inner_text("#live-preview") and "211.900000" not in page.content()
    page.screenshot(path=shots / "question-form-from-suggestion-zh.png")
    with page.expect_navigation():
        clicks.click("input[name=_continue]")  # 保存并继续编辑
    page.locator(".messagelist .success").wait_for()

    question = Question.objects.get(fact=fact)
    assert question.status == Status.DRAFT and question.type == QuestionType.NUMERIC
    assert clicks.count == 2 <= 3
    assert not errors
    page.context.close()


def test_a_hand_written_four_choice_question_takes_three_clicks(live_server, browser, author, fact, shots):
    page, errors = author_page(browser, live_server, "zh-hans")
    page.goto(f"{live_server.url}/admin/library/fact/{fact.pk}/change/")  # where an author works through an article
    clicks = Clicks(page)

    with page.expect_navigation():
        clicks.click(f"a[href$='/question/add/?fact={fact.pk}']")  # 手动添加题目
    assert page.evaluate("document.activeElement.id") == "id_prompt"  # type at once
    assert page.input_value("#id_type") == QuestionType.SINGLE_CHOICE
    page.keyboard.type("2023年蚂蚁集团的研发投入是多少？")

    rows = page.locator(".choices-inline tr.form-row:not(.empty-form) input.choice-text")
    assert rows.count() == 4  # four empty rows, under the prompt
    clicks.click(rows.nth(0))
    for n, text in enumerate(["211.9亿元", "200亿元", "150亿元", "100亿元"]):
        page.keyboard.type(text)
        if n == 0:
            tab_to(page, "input[name='choices-0-is_correct']")
            page.keyboard.press("Space")  # the right one
        if n < 3:
            tab_to(page, f"input[name='choices-{n + 1}-text']")
    # The preview follows the typing, as a learner will see the question, before anything is saved.
    page.locator("#live-preview .preview-choices li").nth(3).wait_for()
    assert page.locator("#live-preview .preview-choices li").all_inner_texts()[3].endswith("100亿元")
    assert "研发投入是多少" in page.inner_text("#live-preview .preview-prompt")

    clicks.click("#id_explanation")
    page.keyboard.type("ESG报告披露：2023年研发投入211.9亿元。")
    page.locator("#live-preview .explanation").wait_for()
    page.screenshot(path=shots / "question-form-hand-written-zh.png")
    with page.expect_navigation():
        page.keyboard.press("Control+s")  # save and keep editing
    page.locator(".messagelist .success").wait_for()

    question = Question.objects.get(fact=fact)
    assert question.type == QuestionType.SINGLE_CHOICE and question.status == Status.DRAFT
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("211.9亿元", True), ("200亿元", False), ("150亿元", False), ("100亿元", False),
    ]  # fmt: skip
    assert clicks.count == 3 <= 8
    assert not errors
    page.context.close()


def test_shortcuts_wrap_a_keyboard_selection_as_cloze_and_save(live_server, browser, author, fact, shots):
    page, errors = author_page(browser, live_server, "zh-hans")
    page.goto(f"{live_server.url}/admin/library/question/add/?fact={fact.pk}")
    assert page.locator("#shortcut-hint kbd").count() >= 6  # the keys are written on the page
    page.keyboard.type("2023年研发投入211.9亿元")
    for _ in range(len("211.9亿元")):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Control+Shift+C")
    page.keyboard.press("Home")
    for _ in range(len("2023年")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Control+Shift+C")
    assert page.input_value("#id_prompt") == "{{c2::2023年}}研发投入{{c1::211.9亿元}}"
    assert page.input_value("#id_type") == QuestionType.CLOZE  # a cloze blank makes the question a cloze
    assert not page.locator(".choices-inline").is_visible()  # its empty rows out of the way
    page.locator("#live-preview .cloze .blank").nth(1).wait_for()
    assert "211.9亿元 / 2023年" in page.inner_text("#live-preview .answer-pair")
    page.fill("#id_explanation", "ESG报告披露：2023年研发投入211.9亿元。")
    page.locator("#live-preview .explanation").wait_for()
    page.screenshot(path=shots / "question-form-cloze-zh.png")

    with page.expect_navigation():
        page.keyboard.press("Control+s")
    page.locator(".messagelist .success").wait_for()
    assert "/change/" in page.url  # saved, still editing
    question = Question.objects.get(fact=fact)
    assert question.prompt == "{{c2::2023年}}研发投入{{c1::211.9亿元}}"

    page.locator("#id_prompt").press("End")
    page.keyboard.type("。")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")  # save and add another
    assert "/admin/library/question/add/" in page.url
    question.refresh_from_db()
    assert question.prompt.endswith("。")
    assert not errors
    page.context.close()


def test_switching_to_a_choice_type_brings_four_empty_rows(live_server, browser, author, fact):
    question = make_question(fact, QuestionType.CLOZE, status=Status.DRAFT, author=author)
    page, errors = author_page(browser, live_server)
    page.goto(f"{live_server.url}/admin/library/question/{question.pk}/change/")
    rows = page.locator(".choices-inline tr.form-row:not(.empty-form) input.choice-text")
    assert rows.count() == 0 and not page.locator(".choices-inline").is_visible()
    page.select_option("#id_type", QuestionType.SINGLE_CHOICE)
    assert rows.count() == 4 and rows.nth(3).is_visible()
    page.locator("#live-preview .preview-choices").wait_for()  # the preview follows the type at once
    assert not errors
    page.context.close()
