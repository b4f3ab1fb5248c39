"""Feedback that teaches and stays put (issue 16, points 2-4): its own address, marks in words."""

from __future__ import annotations

import re

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Mode
from tests.factories import curated, make_question, right_answer
from tests.quizzes.test_attempt_flow import HX, start


def _items(html: str, css: str) -> list[str]:
    """The <li> elements of the list with class `css`, as text with their class attribute kept."""
    block = re.search(rf'<(?:ul|ol) class="{css}">(.*?)</(?:ul|ol)>', html, re.S)
    assert block, f"no {css} list"
    return [re.sub(r"\s+", " ", li) for li in re.findall(r"<li (.*?)</li>", block[1], re.S)]


def test_htmx_feedback_gets_its_own_address_and_that_address_shows_it(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    first = six_types[0]
    card = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(first), **HX)
    address = card["HX-Push-Url"]
    assert address == f"/attempts/{attempt.pk}/?after={first.pk}"
    # Reload or a bookmark: the whole page, with the same feedback, while the attempt moved on.
    page = client.get(address).content.decode()
    assert "<html" in page and "is-correct" in page and first.explanation in page
    assert six_types[1].prompt in client.get(f"/attempts/{attempt.pk}/").content.decode()
    # The next-question link is a real link that also becomes the address.
    next_link = r'<a class="button js-next"[^>]* href="/attempts/\d+/"[^>]* hx-push-url="true"'
    assert re.search(next_link, card.content.decode())


def test_back_after_the_history_cache_is_gone_gets_a_whole_page(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]), **HX)
    restore = {**HX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    page = client.get(f"/attempts/{attempt.pk}/?after={six_types[0].pk}", **restore).content.decode()
    assert page.lstrip().startswith("<!doctype html>") and six_types[0].explanation in page
    question = client.get(f"/attempts/{attempt.pk}/", **restore).content.decode()
    assert question.lstrip().startswith("<!doctype html>") and six_types[1].prompt in question


def test_an_open_exam_gives_no_answered_question_an_address(client, six_types):
    attempt = start(client, curated(six_types, mode=Mode.EXAM, slug="exam"))
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    page = client.get(f"/attempts/{attempt.pk}/?after={six_types[0].pk}").content.decode()
    assert six_types[0].explanation not in page and six_types[1].prompt in page


def test_multiple_response_marks_hit_missed_and_wrong_in_words(client, six_types):
    question = six_types[1]  # 211.9亿元 and 200亿元 are right
    by_text = {c.text: c.pk for c in question.choices.all()}
    attempt = start(client, curated([question]))
    data = {"question": question.pk, "choices": [by_text["211.9亿元"], by_text["150亿元"]]}
    html = client.post(f"/attempts/{attempt.pk}/answer/", data, **HX).content.decode()
    items = {next(t for t in by_text if t in li): li for li in _items(html, "choice-review")}
    assert 'class="right picked hit"' in items["211.9亿元"] and "right — you chose it" in items["211.9亿元"]
    assert 'class="right missed"' in items["200亿元"] and "right — you did not choose it" in items["200亿元"]
    assert 'class=" picked wrong"' in items["150亿元"] and "not right — you chose it" in items["150亿元"]
    assert "right" not in items["100亿元"].split(">", 1)[1]  # neither right nor picked: no words
    assert "1 of 2 correct choices ticked, 1 wrong." in html  # the grader's note


def test_cloze_feedback_marks_each_blank(client, six_types):
    cloze = make_question(six_types[0].fact, QuestionType.CLOZE, prompt="{{c1::韩歆毅}}于{{c2::2025年3月}}接任")
    attempt = start(client, curated([cloze]))
    html = client.post(f"/attempts/{attempt.pk}/answer/", {"question": cloze.pk, "blank": ["韓歆毅", "2024"]}, **HX)
    blanks = _items(html.content.decode(), "blank-review")
    assert len(blanks) == 2
    assert blanks[0].startswith('class="right"') and "Blank 1: 韓歆毅" in blanks[0]
    assert blanks[1].startswith('class="wrong"') and "Blank 2: 2024" in blanks[1] and "2025年3月" in blanks[1]
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert len(_items(results, "blank-review")) == 2  # the results mark them too


def test_source_links_open_the_reader_in_a_new_tab(client, practice_quiz, six_types):
    attempt = start(client, practice_quiz)
    html = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]), **HX).content.decode()
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">', html)
    assert link and link[1] == six_types[0].fact.source_url() and "opens in a new tab" in html
