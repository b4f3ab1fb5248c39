"""One reading preference (issue 16, point 1): quiz, feedback, results, home and flashcards are shown
in the script the reader chose, as display only — what is stored and graded is unchanged."""

from __future__ import annotations

import pytest

from quizapp.library.context_processors import SCRIPT_COOKIE
from quizapp.quizzes.models import Answer
from tests.factories import curated, make_picked_deck, right_answer
from tests.quizzes.test_attempt_flow import HX, start

SIMPLIFIED, TRADITIONAL = "蚂蚁集团研发投入", "螞蟻集團研發投入"


@pytest.fixture
def quiz(six_types):
    quiz = curated(six_types[:1], slug="script-quiz")
    quiz.title = "蚂蚁集团测验"
    quiz.save(update_fields=["title"])
    return quiz


def test_traditional_reader_sees_every_quiz_text_in_traditional(client, quiz, six_types):
    question = six_types[0]
    client.cookies[SCRIPT_COOKIE] = "zh-Hant"
    attempt = start(client, quiz)
    card = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "螞蟻集團研發投入是多少" in card and SIMPLIFIED not in card  # prompt
    assert "螞蟻集團測驗" in card  # the quiz title, in <title> and <h1>
    assert "億元" in card and "211.9亿元" not in card  # the choices
    feedback = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question), **HX).content.decode()
    assert "研發投入211.9億元，再創新高" in feedback  # the explanation
    assert "2023年研發投入211.9億元" in feedback  # the quote
    assert Answer.objects.get().is_correct  # graded on the stored question, not on what was shown
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "螞蟻集團研發投入是多少" in results and SIMPLIFIED not in results
    home = client.get("/").content.decode()
    assert "螞蟻集團測驗" in home and "蚂蚁集团测验" not in home


def test_as_written_leaves_the_text_alone(client, quiz):
    client.cookies[SCRIPT_COOKIE] = "original"
    attempt = start(client, quiz)
    card = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert SIMPLIFIED in card and TRADITIONAL not in card


def test_flashcards_follow_the_reading_preference(client, six_types):
    deck = make_picked_deck(six_types[:1], name="蚂蚁精选")
    client.cookies[SCRIPT_COOKIE] = "zh-Hant"
    html = client.get(f"/study/{deck.slug}/?card={six_types[0].pk}&side=back").content.decode()
    assert "螞蟻精選" in html and "螞蟻集團研發投入是多少" in html and "再創新高" in html
    assert SIMPLIFIED not in html


def test_the_api_converts_on_request_and_sends_text_as_written_otherwise(client, six_types):
    url = f"/api/v1/questions/{six_types[0].pk}/"
    assert SIMPLIFIED in client.get(url).json()["prompt"]
    converted = client.get(url, {"script": "zh-Hant"}).json()
    assert TRADITIONAL in converted["prompt"] and converted["id"] == six_types[0].pk
    assert SIMPLIFIED in client.get(url, {"script": "klingon"}).json()["prompt"]  # unknown: as written
