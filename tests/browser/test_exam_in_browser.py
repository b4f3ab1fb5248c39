"""An exam in a real Chromium (issue 16, point 5), desktop and 360 px, with and without JavaScript:
move with the navigator, flag, skip, go back and change an answer, submit now with the summary, and
time running out (the exam submitted automatically, the learner told why)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.quizzes.models import Answer, Attempt, Mode
from tests.browser.test_quiz_in_browser import DESKTOP, PHONE
from tests.factories import curated, right_answer, wrong_answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(page, data: dict) -> None:
    """Put a submission (tests.factories.right_answer / wrong_answer) into the card on screen."""
    card = page.locator("#question-card")
    if "choice" in data:
        card.locator(f"input[name=choice][value='{data['choice']}']").check()
    elif "choices" in data:
        for box in card.locator("input[name=choices]").all():
            box.set_checked(int(box.get_attribute("value")) in data["choices"])
    elif "answer" in data:
        card.locator(f"input[name=answer][value='{data['answer']}']").check()
    elif "blank" in data:
        for box, value in zip(card.locator("input.blank").all(), data["blank"], strict=True):
            box.fill(value)
    else:
        card.locator("input[name=text]").fill(data["text"])


def save(page) -> None:
    page.locator("#question-card .answer-form button[type=submit]").first.click()


def nav_state(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".nav-item").all_inner_texts()]


def start_exam(page, url: str, quiz) -> Attempt:
    page.goto(f"{url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("#exam-area")
    return Attempt.objects.latest("pk")


def walk_an_exam(page, url: str, six_types, shots, label: str) -> Attempt:
    """The whole exam: navigator, flag, skip, answer out of order, change an answer, submit now."""
    quiz = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    attempt = start_exam(page, url, quiz)
    assert "Question 1 of 6" in page.inner_text("#question-card h2")
    page.locator(".nav-item", has_text="3").click()  # the navigator: straight to question 3
    page.wait_for_url("**/?q=3")
    assert "Question 3 of 6" in page.inner_text("#question-card h2")
    fill(page, right_answer(six_types[2]))
    page.get_by_role("button", name="Flag for review").click()  # flags, keeping what is ticked
    page.wait_for_selector(".flag-button[aria-pressed=true]")
    assert page.locator(".nav-item.is-flagged").count() == 1
    save(page)  # the ticked answer, saved: on to the next unanswered
    page.wait_for_selector("text=Question 4 of 6")
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_selector("text=Question 5 of 6")
    # Each save leads to the next unanswered question, round to the start and past the answered 3.
    for number, then in ((5, 6), (6, 1), (1, 2), (2, 4)):
        fill(page, (wrong_answer if number == 1 else right_answer)(six_types[number - 1]))
        save(page)
        page.wait_for_selector(f"text=Question {then} of 6")
    page.screenshot(path=shots / f"exam-question-{label}.png", full_page=True)
    page.locator(".nav-item", has_text="1").click()  # back to question 1, answered wrong: change it
    page.wait_for_url("**/?q=1")
    assert "you can change it until you submit" in page.inner_text("#question-card")
    fill(page, right_answer(six_types[0]))
    page.get_by_role("button", name="Save the change and continue").click()
    page.wait_for_selector("text=Question 4 of 6")  # the one left unanswered
    assert Answer.objects.get(attempt=attempt, question=six_types[0]).is_correct
    page.get_by_role("link", name="Submit now…").click()
    page.wait_for_url("**/submit/")
    summary = page.inner_text("#question-card")
    assert "You have answered 5 of 6 questions." in summary
    assert "1 question is still unanswered; it counts as wrong:" in summary and "question 4" in summary
    assert "1 question is flagged for review:" in summary and "question 3" in summary
    page.screenshot(path=shots / f"exam-summary-{label}.png", full_page=True)
    page.get_by_role("button", name="Submit the exam and see results").click()
    page.wait_for_url("**/results/")
    assert "83%" in page.inner_text("h1")
    return attempt


def test_an_exam_on_a_desktop_with_javascript(live_server, browser, six_types, shots):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    attempt = walk_an_exam(page, live_server.url, six_types, shots, "desktop")
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.flagged_ids == [six_types[2].pk] and errors == []
    context.close()


def test_an_exam_on_a_phone_with_javascript(live_server, browser, six_types, shots):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    walk_an_exam(page, live_server.url, six_types, shots, "phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    context.close()


def test_an_exam_without_javascript(live_server, browser, six_types, shots):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    attempt = walk_an_exam(page, live_server.url, six_types, shots, "nojs")
    assert Answer.objects.filter(attempt=attempt).count() == 5
    context.close()


def test_time_running_out_submits_the_exam_and_says_why(live_server, browser, six_types, shots):
    quiz = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    attempt = start_exam(page, live_server.url, quiz)
    fill(page, right_answer(six_types[0]))
    save(page)
    page.wait_for_selector("text=Question 2 of 6")
    # Two seconds left: the countdown reaches 0:00 on its own and opens what the server closed.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=2))
    page.reload()
    page.wait_for_url("**/results/", timeout=10_000)
    text = page.inner_text("main")
    assert "Time is up: the exam was submitted at its time limit." in text
    assert "the exam was submitted automatically at its time limit" in text and "17%" in text
    page.screenshot(path=shots / "exam-timed-out-phone.png", full_page=True)
    context.close()


def test_time_running_out_without_javascript_the_next_save_says_why(live_server, browser, six_types):
    quiz = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=20)
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    attempt = start_exam(page, live_server.url, quiz)
    assert "Ends at" in page.inner_text(".timer")  # a clock time, readable without the countdown
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    fill(page, right_answer(six_types[0]))
    save(page)
    page.wait_for_url("**/results/")
    assert "Time is up: this exam closed at its time limit." in page.inner_text("main")
    assert not Answer.objects.exists()
    context.close()
