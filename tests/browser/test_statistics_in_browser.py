"""Item statistics in a real Chromium: a learner's near miss shows up for an editor under "needs
attention", one click accepts it, and the learner's results page shows the regrade; a corrected key's
save offers the regrade, which lowers the learner's mark."""

from __future__ import annotations

import pytest

from quizapp.library.models import QuestionType
from tests.factories import curated, make_fact, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_accepts_a_near_miss_and_the_learner_is_regraded(live_server, browser, editor, shots):
    fact = make_fact()
    short = make_question(fact, QuestionType.SHORT_ANSWER, prompt="蚂蚁集团的CEO是谁？")  # accepts 韩歆毅
    statement = make_question(fact, QuestionType.TRUE_FALSE)
    quiz = curated([short, statement])
    base = live_server.url

    learner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    learner.goto(f"{base}/quizzes/{quiz.slug}/")
    learner.get_by_role("button", name="Start the quiz").click()
    learner.locator("input[name=text]").click()
    learner.keyboard.type("韩欣毅")  # one character off
    learner.keyboard.press("Enter")
    learner.wait_for_selector(".feedback.is-wrong")
    learner.keyboard.press("n")
    learner.wait_for_selector("#question-card form")
    learner.keyboard.press("1")
    learner.keyboard.press("Enter")
    learner.wait_for_selector(".feedback.is-correct")
    learner.keyboard.press("n")
    learner.wait_for_url("**/results/")
    assert "50%" in learner.inner_text("h1")

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "erin")
    page.fill("#id_password", "pw-erin")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/library/question/")
    page.get_by_role("link", name="needs attention").click()
    page.wait_for_url("**attention=yes**")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "a wrong answer is probably right" in rows.first.inner_text()
    rows.first.locator("th a").click()
    page.wait_for_selector("#item-statistics")
    page.screenshot(path=shots / "item-statistics-panel.png", full_page=True)
    page.get_by_role("button", name="Accept and regrade").click()
    page.wait_for_selector(".messagelist .success")
    assert "1 stored answer(s) in 1 attempt(s) were regraded" in page.inner_text(".messagelist")
    assert errors == []

    learner.reload()
    assert "100%" in learner.inner_text("h1")

    # The editor corrects the statement's key: the save says a regrade waits and leads to the offer.
    page.goto(f"{base}/admin/library/question/{statement.pk}/change/")
    page.select_option("#id_answer_bool", "False")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .warning")
    assert "1 stored answer(s) of 1 learner(s) would get another mark (1 lower)" in page.inner_text(".messagelist")
    page.locator(".regrade-note a.regrade-link").click()
    page.wait_for_url("**#regrade-offer")
    page.get_by_role("button", name="Regrade under the current key").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".regrade-note").count() == 0 and errors == []
    learner.reload()
    assert "50%" in learner.inner_text("h1")
