"""An author, in a real Chromium: select a sentence in the admin, make a fact, accept a suggestion,
edit it, send it to review; an editor publishes it; dump_content shows it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from quizapp.library.models import Fact, Question, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "2023年蚂蚁集团研发投入高达211.9亿元"


def log_in(page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def select_in_paragraph(page, paragraph: int, text: str) -> None:
    """What a mouse selection does: a DOM range over `text` inside the numbered paragraph."""
    page.evaluate(
        """([n, text]) => {
            const p = document.querySelector(`.authoring-para[data-paragraph="${n}"]`);
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
              const at = node.textContent.indexOf(text);
              if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + text.length);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                return;
              }
            }
            throw new Error("text not found in paragraph " + n);
        }""",
        [paragraph, text],
    )


def test_author_selects_a_sentence_and_an_editor_publishes(live_server, browser, imported, author, editor, tmp_path):
    article = imported["002_aec1c1457b9d3803.txt"]
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, "alice", "pw-alice")
    page.goto(f"{base}/admin/library/article/{article.pk}/change/")

    # Select the sentence with the mouse's equivalent: a DOM range over the text inside its paragraph.
    paragraph = article.paragraphs.get(text__contains=SENTENCE).number
    select_in_paragraph(page, paragraph, SENTENCE)
    button = page.get_by_role("button", name="Create fact from selection")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_url("**/admin/library/fact/add/**")
    assert page.input_value("#id_quote") == SENTENCE
    page.fill("#id_restatement", "2023年蚂蚁研发投入211.9亿元，创历史新高。")
    page.click("input[name=_continue]")
    page.wait_for_selector(".authoring-context mark")
    fact = Fact.objects.get(quote=SENTENCE)
    assert fact.paragraph == paragraph

    # Accept the numeric suggestion: a draft opens in the question form.
    page.locator(".suggestion", has_text="多少亿元").get_by_role("button", name="Accept as draft").click()
    page.wait_for_url("**/admin/library/question/*/change/")
    question = Question.objects.get(fact=fact)
    assert question.status == Status.DRAFT and question.numeric_value == Decimal("211.9")
    assert page.locator("fieldset.qtype-numeric").is_visible()
    assert not page.locator("fieldset.qtype-true_false").is_visible()  # the form adapts to the type
    page.fill("#id_explanation", "ESG报告披露：2023年研发投入211.9亿元，维持多年增长。")
    page.click("input[name=_continue]")
    page.wait_for_selector(".learner-preview")
    assert "211.9" in page.inner_text(".learner-preview")

    page.goto(f"{base}/admin/library/question/?q={question.uuid}")
    page.check(f"input[name=_selected_action][value='{question.pk}']")
    page.select_option("select[name=action]", "send_to_review")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    question.refresh_from_db()
    assert question.status == Status.REVIEW
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, "erin", "pw-erin")
    page.goto(f"{base}/admin/library/question/?q={question.uuid}")
    page.check(f"input[name=_selected_action][value='{question.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    assert errors == []
    context.close()

    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    dumped = (tmp_path / "002_aec1c1457b9d3803.yaml").read_text(encoding="utf-8")
    assert str(question.uuid) in dumped and "status: published" in dumped and "value: 211.9" in dumped
