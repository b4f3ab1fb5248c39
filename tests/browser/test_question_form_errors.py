"""In a real Chromium: switching a choice question to 填空题 keeps its choices in sight (with a note)
until they are deleted, and a refused save shows the error summary with a link to the choices."""

from __future__ import annotations

import pytest

from quizapp.library.models import QuestionType
from tests.browser.test_authoring_in_browser import log_in
from tests.factories import make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_switch_never_hides_written_choices(live_server, browser, editor, shots):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, live_server.url, "erin", "pw-erin")
    page.goto(f"{live_server.url}/admin/library/question/{question.pk}/change/")
    choices = page.locator(".choices-inline")
    assert choices.is_visible()

    page.select_option("#id_type", QuestionType.CLOZE)
    assert choices.is_visible()  # written choices stay in sight
    assert page.locator(".choices-kept").is_visible()

    page.fill("#id_prompt", "2023年研发投入{{c1::211.9亿元}}。")
    page.click("input[name=_continue]")
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.is_visible() and "choice" in summary.inner_text().lower()
    assert choices.is_visible()  # the rows the save refused over are where the link points
    page.screenshot(path=shots / "question-form-errors.png", full_page=True)

    for box in page.locator("input[name$='-DELETE']").all():
        box.check()
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert not page.locator("#error-summary").count()
    question.refresh_from_db()
    assert question.type == QuestionType.CLOZE and not question.choices.exists()
    assert not choices.is_visible()  # a cloze without choices: the inline is out of the way
    page.close()
