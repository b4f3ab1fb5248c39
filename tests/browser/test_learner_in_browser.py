"""Issue 16 in a real Chromium: feedback that survives Back and reload, cloze Enter, the reading
preference, and a phone that shows the answer and has fingers-sized targets."""

from __future__ import annotations

import pytest

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Answer
from tests.browser.test_quiz_in_browser import DESKTOP, PHONE
from tests.factories import curated, make_picked_deck, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _start(page, live_server, quiz) -> None:
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("#question-card form")
    page.wait_for_load_state("load")  # the card can be in the DOM before quiz.js (deferred) is listening


def test_feedback_survives_back_reload_and_the_source_link(live_server, browser, six_types, shots):
    quiz = curated(six_types)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _start(page, live_server, quiz)
    first = six_types[0]
    right = next(c for c in first.choices.all() if c.is_correct)
    page.get_by_label(right.text, exact=False).first.check()
    page.get_by_role("button", name="Check answer").click()
    page.wait_for_selector(".feedback.is-correct")
    assert page.url.endswith(f"?after={first.pk}")  # the feedback has its own address
    page.reload()
    assert first.explanation in page.inner_text("#question-card")  # reload keeps it
    source = page.locator(".source a")
    assert source.get_attribute("target") == "_blank" and "noopener" in source.get_attribute("rel")
    with context.expect_page() as reader:
        source.click()
    reader.value.wait_for_load_state()
    assert "/articles/" in reader.value.url and page.url.endswith(f"?after={first.pk}")  # the card stayed
    reader.value.close()
    page.locator(".js-next").click()
    page.wait_for_selector("#question-card form")
    assert not page.url.endswith(f"?after={first.pk}")
    page.go_back()
    page.wait_for_selector(".feedback.is-correct")
    assert first.explanation in page.inner_text("#question-card")  # Back shows the feedback again
    context.close()


def test_enter_moves_through_the_blanks_and_submits_from_the_last(live_server, browser, six_types, shots):
    cloze = make_question(six_types[0].fact, QuestionType.CLOZE, prompt="{{c1::韩歆毅}}于{{c2::2025年3月}}接任")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _start(page, live_server, curated([cloze], slug="cloze"))
    page.locator("input.blank").first.click()
    page.keyboard.type("韓歆毅")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"blank-{cloze.pk}-2"
    assert Answer.objects.count() == 0  # Enter in the first blank sent nothing
    page.keyboard.type("2024年")
    page.keyboard.press("Enter")
    page.wait_for_selector(".feedback")
    marks = page.locator(".blank-review li")
    assert marks.count() == 2 and "right" in marks.nth(0).get_attribute("class")
    assert "wrong" in marks.nth(1).get_attribute("class") and "2025年3月" in marks.nth(1).inner_text()
    page.screenshot(path=shots / "quiz-cloze-feedback-desktop.png", full_page=True)
    context.close()


def test_traditional_reading_preference_reaches_the_quiz(live_server, browser, six_types):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():  # the selector submits itself with JavaScript; wait for that page
        page.select_option("#script-select", "zh-Hant")
    _start(page, live_server, curated(six_types[:1]))
    assert "螞蟻集團研發投入" in page.inner_text("#question-card")
    context.close()


def test_phone_numeric_keyboard_touch_targets_and_the_shown_answer(live_server, browser, six_types, shots):
    numeric = six_types[5]
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    _start(page, live_server, curated([six_types[0], numeric]))
    small = page.evaluate(
        """() => [...document.querySelectorAll('#question-card button, #question-card .choice, .site-nav a, select')]
            .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []
    page.locator("label.choice").nth(0).tap()
    page.locator("#question-card button[type=submit]").tap()
    page.locator(".js-next").tap()
    page.wait_for_selector("input[name=text]")
    field = page.locator("input[name=text]")
    assert field.get_attribute("inputmode") is None and field.get_attribute("type") == "text"
    field.fill("2119000万元")
    page.locator("#question-card button[type=submit]").tap()
    page.wait_for_selector(".feedback.is-correct")
    assert Answer.objects.get(question=numeric).is_correct

    deck = make_picked_deck([make_question(six_types[0].fact, explanation="很长的解释。" * 120)])
    page.goto(f"{live_server.url}/study/{deck.slug}/")
    page.locator(".js-flip").tap()
    page.wait_for_selector("#card-back:not([hidden])")
    top = page.evaluate("document.getElementById('card-back').getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"] / 2  # the answer starts on screen, not under the fold
    page.screenshot(path=shots / "study-back-phone.png")
    context.close()
