"""An author, in a real Chromium: upload a Moodle XML file in the admin import, read the preview,
pick another sentence for a question whose file gives no quote, confirm it and import; the
questions exist as drafts, the confirmed one anchored on the chosen sentence, the others not."""

from __future__ import annotations

import pytest

from quizapp.interop.anchoring import sentences
from quizapp.library.models import Question, Status
from tests.interop.test_files import ARTICLE, HAND_WRITTEN_MOODLE
from tests.interop.test_off_request import DATABASE, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRMED = "韩歆毅毕业于哪所大学？"


def test_author_imports_moodle_xml_choosing_the_fact_of_a_question(
    live_server, browser, imported, author, shots, settings
):
    settings.TASKS = DATABASE  # the real queue: the page waits until the worker has run
    article = imported[ARTICLE]
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw-alice")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/import/")
    page.set_input_files(
        "input[name=file]", files=[{"name": "bank.xml", "mimeType": "application/xml", "buffer": HAND_WRITTEN_MOODLE}]
    )
    page.select_option("select[name=format]", "moodle")
    page.select_option("select[name=article]", label=article.title)
    page.click("input[type=submit][value=Preview]")
    page.wait_for_selector("#import-rows")
    assert Question.objects.count() == 0  # the preview writes nothing
    essay = page.locator("#import-rows tr", has_text="论述")
    assert "refused: Moodle question type 'essay' has no equivalent here" in essay.inner_text()
    assert page.locator("#import-rows tr.import-create").count() == 5
    assert page.locator("input[name=payload]").count() == 0  # the file stayed on the server

    # The importer proposes the best sentence; the author picks the second one and confirms it.
    row = page.locator("#import-rows tr", has_text=CONFIRMED)
    proposal = row.locator("select")
    options = proposal.locator("option")
    assert options.count() >= 2 and "毕业于清华大学经济学" in options.first.inner_text()
    chosen = options.nth(1).get_attribute("value")
    proposal.select_option(chosen)
    row.get_by_label("confirm").check()
    page.click("input[type=submit][value='Update preview']")
    page.wait_for_selector("#import-rows")
    row = page.locator("#import-rows tr", has_text=CONFIRMED)
    assert row.locator("select").input_value() == chosen and row.get_by_label("confirm").is_checked()
    assert "not anchored" not in row.inner_text()
    assert "not anchored" in page.locator("#import-rows tr", has_text="韩歆毅生于哪一年？").inner_text()
    page.screenshot(path=str(shots / "import-preview.png"), full_page=True)

    # The worker writes it: the page says so, asks again (htmx) and shows the report once it is done.
    page.click("input[type=submit][name=write]")
    page.wait_for_url("**/admin/import/*/")
    assert "The import is being written." in page.inner_text("#import-job")
    assert Question.objects.count() == 0
    run_worker()
    page.wait_for_selector(".import-report")
    assert "Imported: 5 created, 0 updated, 1 refused." in page.inner_text("#import-job")
    assert "Moodle question type 'essay' has no equivalent here" in page.inner_text(".import-refused")
    page.screenshot(path=str(shots / "import-report.png"), full_page=True)
    confirmed = Question.objects.select_related("fact").get(prompt=CONFIRMED)
    assert confirmed.fact.quote == sentences(article)[int(chosen)].text
    assert (confirmed.status, confirmed.anchored) == (Status.DRAFT, True)
    others = Question.objects.exclude(pk=confirmed.pk)
    assert others.count() == 4 and {(q.status, q.anchored) for q in others} == {(Status.DRAFT, False)}
    assert errors == []
    context.close()
