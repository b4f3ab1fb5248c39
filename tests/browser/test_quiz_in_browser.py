"""A learner takes a whole quiz in a real Chromium: with htmx and the keyboard, and with JavaScript off."""

from __future__ import annotations

import pytest

from quizapp.quizzes.models import Answer, Attempt
from tests.factories import curated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def answer_right_by_keyboard(page, question) -> None:
    """Answer the card on screen with keys only: number keys choose, typing fills, Enter submits."""
    kind = question.type
    if kind == "single_choice":
        order = [int(v) for v in page.locator("input[name=choice]").evaluate_all("els => els.map(e => e.value)")]
        right = next(c.pk for c in question.choices.all() if c.is_correct)
        page.keyboard.press(str(order.index(right) + 1))
        page.keyboard.press("Enter")
    elif kind == "multiple_response":
        order = [int(v) for v in page.locator("input[name=choices]").evaluate_all("els => els.map(e => e.value)")]
        for c in question.choices.all():
            if c.is_correct:
                page.keyboard.press(str(order.index(c.pk) + 1))
        page.keyboard.press("Enter")
    elif kind == "true_false":
        page.keyboard.press("1" if question.answer_bool else "2")
        page.keyboard.press("Enter")
    elif kind == "cloze":
        page.locator("input.blank").first.click()
        page.keyboard.type("２１１．９亿元")
        page.keyboard.press("Enter")
    else:
        page.locator("input[name=text]").click()
        page.keyboard.type("韓歆毅" if kind == "short_answer" else "211.9亿元")
        page.keyboard.press("Enter")


def test_whole_quiz_by_keyboard_and_mouse_then_retry_mistakes(live_server, browser, six_types, shots):
    quiz = curated(six_types)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("#question-card form")
    page.screenshot(path=shots / "quiz-question-desktop.png", full_page=True)

    # First question wrong, by mouse: pick a wrong choice and click the button.
    first = six_types[0]
    wrong = next(c for c in first.choices.all() if not c.is_correct)
    page.get_by_label(wrong.text, exact=False).first.check()
    page.get_by_role("button", name="Check answer").click()
    page.wait_for_selector(".feedback.is-wrong")
    assert first.explanation in page.inner_text("#question-card")
    assert page.evaluate("document.activeElement.classList.contains('verdict')")  # focus moved to the news
    page.screenshot(path=shots / "quiz-feedback-desktop.png", full_page=True)
    page.keyboard.press("n")

    for question in six_types[1:]:
        page.wait_for_selector("#question-card form")
        answer_right_by_keyboard(page, question)
        page.wait_for_selector(".feedback.is-correct")
        page.keyboard.press("n")
    page.wait_for_url("**/results/")
    assert "83%" in page.inner_text("h1")
    page.screenshot(path=shots / "quiz-results-desktop.png", full_page=True)

    page.get_by_role("button", name="Retry my 1 mistake").click()
    page.wait_for_selector("#question-card form")
    answer_right_by_keyboard(page, first)
    page.wait_for_selector(".feedback.is-correct")
    page.keyboard.press("n")
    page.wait_for_url("**/results/")
    assert "100%" in page.inner_text("h1")
    assert errors == []
    retry = Attempt.objects.latest("pk")
    assert retry.retry_of_id is not None and retry.question_ids == [first.pk]
    context.close()


def test_phone_width_screens_look_finished(live_server, browser, six_types, shots):
    quiz = curated(six_types)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("#question-card form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.screenshot(path=shots / "quiz-question-phone.png", full_page=True)
    page.locator("label.choice").nth(0).tap()
    page.get_by_role("button", name="Check answer").tap()
    page.wait_for_selector(".feedback")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=shots / "quiz-feedback-phone.png", full_page=True)
    for _ in six_types[1:]:
        page.locator(".js-next").tap()
        page.wait_for_selector("#question-card form")
        page.locator("#question-card input:not([type=hidden])").first.tap()
        if page.locator("input[type=text]").count():
            page.keyboard.type("1")
        page.locator("#question-card button[type=submit]").tap()
        page.wait_for_selector(".feedback")
    page.locator(".js-next").tap()
    page.wait_for_url("**/results/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=shots / "quiz-results-phone.png", full_page=True)
    context.close()


def test_same_flow_with_javascript_disabled(live_server, browser, six_types):
    quiz = curated(six_types)
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    for question in six_types:
        page.wait_for_selector("#question-card form")
        if question.type in ("single_choice", "true_false"):
            page.locator("#question-card input[type=radio]").first.check()
        elif question.type == "multiple_response":
            page.locator("#question-card input[type=checkbox]").first.check()
        elif question.type == "cloze":
            page.locator("input.blank").fill("211.9亿元")
        else:
            page.locator("input[name=text]").fill("211.9" if question.type == "numeric" else "韩歆毅")
        page.get_by_role("button", name="Check answer").click()
        page.wait_for_selector(".feedback")  # a full page after POST → redirect → GET
        assert question.explanation in page.content()
        page.locator(".js-next").click()
    page.wait_for_url("**/results/")
    assert Answer.objects.count() == 6
    assert page.locator(".review-item").count() == 6
    if page.get_by_role("button", name="Retry my").count():
        page.get_by_role("button", name="Retry my").click()
        page.wait_for_selector("#question-card form")
    context.close()
