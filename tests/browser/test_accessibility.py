"""axe-core (from npm, tests/browser/axe) in a real Chromium on every learner page and state, in both
interface languages (English on a desktop, Chinese on a 360-px phone): no serious or critical
violation, and exactly one <h1> per page (issue 16, point 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.quizzes.models import Mode
from tests.browser.test_quiz_in_browser import DESKTOP, PHONE
from tests.factories import curated, make_picked_deck, wrong_answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"no axe-core at {AXE}; run: npm ci --prefix tests/browser/axe"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def audit(page, axe_source: str, state: str) -> list[str]:
    """The serious and critical axe violations on the page, and a complaint unless it has one <h1>."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{state}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{state}: {headings} <h1> elements")
    return problems


@pytest.mark.parametrize(("language", "viewport"), [("en", DESKTOP), ("zh-hans", PHONE)])
def test_learner_pages_have_no_serious_axe_violations(live_server, browser, six_types, axe_source, language, viewport):
    practice = curated(six_types)
    exam = curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=10)
    deck = make_picked_deck(six_types[:2])
    # The CSP allows only our own scripts; the audit injects axe inline, so this context bypasses it.
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    url = live_server.url
    problems = []

    def visit(path: str, state: str) -> None:
        page.goto(f"{url}{path}")
        problems.extend(audit(page, axe_source, state))

    visit("/", "home")
    visit(f"/quizzes/{practice.slug}/", "quiz page")
    page.locator("form[action$='/start/'] button").click()
    page.wait_for_selector("#question-card form")
    problems.extend(audit(page, axe_source, "question"))
    page.locator("#question-card input[type=radio]").first.check()
    page.locator("#question-card button[type=submit]").click()
    page.wait_for_selector(".feedback")
    problems.extend(audit(page, axe_source, "feedback"))
    for question in six_types[1:]:
        page.locator(".js-next").click()
        page.wait_for_selector("#question-card form")
        data = wrong_answer(question)
        if "blank" in data:
            page.locator("input.blank").fill(data["blank"][0])
        elif "text" in data:
            page.locator("input[name=text]").fill(data["text"])
        else:
            page.locator("#question-card input:not([type=hidden])").first.check()
        page.locator("#question-card button[type=submit]").click()
        page.wait_for_selector(".feedback")
    page.locator(".js-next").click()
    page.wait_for_url("**/results/")
    problems.extend(audit(page, axe_source, "results"))
    visit("/me/", "dashboard")
    visit(f"/quizzes/{exam.slug}/", "exam page")
    page.locator("form[action$='/start/'] button").click()
    page.wait_for_selector("#question-card form")
    problems.extend(audit(page, axe_source, "exam question"))
    page.locator(".flag-button").click()  # flagged, then answered: the navigator's other states
    page.wait_for_selector(".flag-button[aria-pressed=true]")
    page.locator("#question-card input[type=radio]").first.check()
    page.locator("#question-card .answer-form button[type=submit]").first.click()
    page.wait_for_selector(".nav-item.is-answered")
    problems.extend(audit(page, axe_source, "exam question after a flag and an answer"))
    page.locator(".nav-item").first.click()
    page.wait_for_selector(".exam-state.answered")
    problems.extend(audit(page, axe_source, "exam question answered, to change"))
    page.locator(".exam-nav-submit a").click()
    page.wait_for_selector(".exam-summary")
    problems.extend(audit(page, axe_source, "exam summary before submitting"))
    visit(f"/study/{deck.slug}/", "study front")
    visit(f"/study/{deck.slug}/?card={six_types[0].pk}&side=back", "study back")
    visit(f"/articles/{six_types[0].fact.article.pk}/?hl={six_types[0].fact.pk}", "reader")
    assert problems == [], "\n".join(problems)
    context.close()
