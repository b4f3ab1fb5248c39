"""The admin article page in a real Chromium: a mouse drag at the very bottom of the longest article
and a keyboard-only pick both make a fact; nothing moves when the button comes alive; the
"next paragraph without a fact" control walks the uncovered paragraphs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizapp.library.models import Article, Fact
from tests.browser.test_accessibility import AXE
from tests.browser.test_authoring_in_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE_END = re.compile(r"[^。！？]+[。！？]")

# Where the first and last characters of `text` sit inside paragraph `n`'s text, in page coordinates.
CHAR_BOXES = """([n, text]) => {
  const p = document.querySelector(`.authoring-para[data-paragraph="${n}"] .ptext`);
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const nodes = []; let at = 0, node;
  while ((node = walker.nextNode())) { nodes.push([node, at]); at += node.textContent.length; }
  const start = p.textContent.indexOf(text), end = start + text.length;
  function box(offset) {
    const [node, base] = nodes.filter(([, b]) => b <= offset).at(-1);
    const r = document.createRange(); r.setStart(node, offset - base); r.setEnd(node, offset - base + 1);
    const b = r.getBoundingClientRect(); return { left: b.left, right: b.right, y: b.top + b.height / 2 };
  }
  return [box(start), box(end - 1)];
}"""

# What must stay put while the selection is made: the paragraph under the mouse, the toolbar, the page.
LAYOUT = """(n) => {
  const r = (el) => { const b = el.getBoundingClientRect(); return [b.x, b.y, b.width, b.height]; };
  return { para: r(document.querySelector(`.authoring-para[data-paragraph="${n}"]`)),
           toolbar: r(document.querySelector(".authoring-toolbar")),
           button: r(document.querySelector(".selection-button")),
           scroll: window.scrollY, height: document.documentElement.scrollHeight };
}"""


def longest(imported) -> Article:
    return max(imported.values(), key=lambda a: len(a.body))


@pytest.mark.parametrize("width,height", [(1366, 768), (1920, 1080)])
def test_dragging_the_last_sentence_of_the_longest_article_makes_its_fact(
    live_server, browser, imported, author, shots, width, height
):
    article = longest(imported)
    last = article.paragraphs.order_by("number").last()
    sentence = SENTENCE_END.findall(last.text)[-1]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server.url, "alice", "pw-alice")
    page.goto(f"{live_server.url}/admin/library/article/{article.pk}/change/")
    # Scrolled down to the end of the text: the paragraph sits on the viewport's bottom edge.
    page.evaluate(
        "(n) => document.getElementById(`p${n}`).scrollIntoView({block: 'end', behavior: 'instant'})", last.number
    )
    first_char, last_char = page.evaluate(CHAR_BOXES, [last.number, sentence])
    assert 0 < first_char["y"] < last_char["y"] < height, "the sentence is in view, over more than one line"
    assert last_char["y"] > height - 60, "at the bottom of the window"
    button = page.locator(".selection-button")
    assert button.is_disabled()
    before = page.evaluate(LAYOUT, last.number)

    page.mouse.move(first_char["left"] + 1, first_char["y"])
    page.mouse.down()
    page.mouse.move(last_char["right"] - 1, last_char["y"], steps=12)
    expect(button).to_be_enabled()  # alive now, under a still mouse
    during = page.evaluate(LAYOUT, last.number)
    page.mouse.up()
    assert page.evaluate(LAYOUT, last.number) == during == before
    assert page.evaluate("window.getSelection().toString()") == sentence
    expect(page.locator(".selection-status")).to_have_text(f"¶{last.number} 「{sentence}」")  # set on selectionchange
    page.screenshot(path=str(shots / f"article-page-drag-{width}x{height}.png"))

    button.click()
    page.wait_for_url("**/admin/library/fact/add/**")
    assert page.input_value("#id_quote") == sentence
    page.click("input[name=_save]")  # to the fact list: the fact's own page (suggestions) is slow and not under test
    page.wait_for_url("**/admin/library/fact/")
    fact = Fact.objects.get(article=article)
    assert (fact.quote, fact.paragraph) == (sentence, last.number)
    assert errors == []
    context.close()


def test_keyboard_alone_picks_a_sentence_trims_it_and_makes_the_fact(live_server, browser, imported, author, shots):
    article = longest(imported)
    third = article.paragraphs.get(number=3)
    second_sentence = SENTENCE_END.findall(third.text)[1]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, live_server.url, "alice", "pw-alice")
    page.goto(f"{live_server.url}/admin/library/article/{article.pk}/change/")
    first = page.locator("#p1").bounding_box()
    assert first["y"] + first["height"] < 768, "the text starts above the fold, before the metadata"
    for _ in range(80):  # Tab until the text has the focus, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ptext')"):
            break
    assert page.evaluate("document.activeElement.closest('.authoring-para').dataset.paragraph") == "1"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.getSelection().toString()") == second_sentence
    page.keyboard.press("Shift+ArrowLeft")  # leave the full stop out
    expect(page.locator(".selection-status")).to_have_text(f"¶3 「{second_sentence[:-1]}」")
    page.screenshot(path=str(shots / "article-page-keyboard.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/library/fact/add/**")
    assert page.input_value("#id_quote") == second_sentence[:-1]
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "_save":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/library/fact/")
    fact = Fact.objects.get(article=article)
    assert (fact.quote, fact.paragraph, fact.start) == (
        second_sentence[:-1],
        3,
        third.start + third.text.index(second_sentence),
    )
    context.close()


def test_next_uncovered_walks_the_paragraphs_without_a_fact(live_server, browser, bank, author, shots):
    article = longest(bank)
    covered = set(article.facts.values_list("paragraph", flat=True))
    uncovered = [n for n in article.paragraphs.values_list("number", flat=True) if n not in covered]
    assert len(uncovered) >= 3
    # The CSP allows only our own scripts; axe (at the end) is injected inline, so this context bypasses it.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server.url, "alice", "pw-alice")
    page.goto(f"{live_server.url}/admin/library/article/{article.pk}/change/")
    assert page.locator(".authoring-para[data-uncovered] .no-fact").count() == len(uncovered)
    focused = "document.activeElement.closest('.authoring-para').dataset.paragraph"
    next_link = page.get_by_role("link", name="Next paragraph without a fact")
    next_link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == str(uncovered[0])
    page.keyboard.press("n")  # from inside the text, the key does the same
    assert page.evaluate(focused) == str(uncovered[1])
    next_link.click()
    assert page.evaluate(focused) == str(uncovered[2])
    top = page.locator(f"#p{uncovered[2]}").bounding_box()
    toolbar = page.locator(".authoring-toolbar").bounding_box()
    assert toolbar["y"] + toolbar["height"] <= top["y"] < 768, "the paragraph shows below the toolbar"
    page.screenshot(path=str(shots / "article-page-next-uncovered.png"))
    if AXE.exists():  # the working text, with a paragraph focused and a sentence picked
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate("axe.run('.authoring', {resultTypes: ['violations']})")
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    context.close()


def test_a_drag_may_begin_on_a_highlighted_fact_and_a_click_opens_it(live_server, browser, bank, author):
    article = bank["002_aec1c1457b9d3803.txt"]
    fact = article.facts.filter(paragraph=1).get()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, live_server.url, "alice", "pw-alice")
    page.goto(f"{live_server.url}/admin/library/article/{article.pk}/change/")
    first_char, last_char = page.evaluate(CHAR_BOXES, [1, fact.quote[2:-3]])
    # A highlighted fact is no link: a link would start a link drag and select nothing.
    page.mouse.move(first_char["left"] + 1, first_char["y"])
    page.mouse.down()
    page.mouse.move(last_char["right"] - 1, last_char["y"], steps=8)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()") == fact.quote[2:-3]
    expect(page.locator(".selection-button")).to_be_enabled()
    assert "/article/" in page.url  # ending the drag on the fact did not open it
    # Where the click goes is under test, not the fact page (slow: it builds suggestions).
    page.route(f"**/admin/library/fact/{fact.pk}/change/", lambda route: route.fulfill(body="the fact"))
    page.locator("#p1 .fact-mark").click()
    page.wait_for_url(f"**/admin/library/fact/{fact.pk}/change/")
    context.close()
