"""Cloze done right (issue 16, point 2): a half-filled cloze is sent back, not graded."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Answer, Mode
from tests.factories import curated, make_question
from tests.quizzes.test_attempt_flow import HX, start


def _two_blanks(six_types):
    return make_question(six_types[0].fact, QuestionType.CLOZE, prompt="{{c1::韩歆毅}}于{{c2::2025年3月}}接任")


def test_an_empty_blank_sends_the_card_back_with_what_was_typed(client, six_types):
    cloze = _two_blanks(six_types)
    attempt = start(client, curated([cloze], mode=Mode.EXAM, slug="exam"))
    card = client.post(f"/attempts/{attempt.pk}/answer/", {"question": cloze.pk, "blank": ["韩歆毅", ""]}, **HX)
    html = card.content.decode()
    assert card.status_code == 422 and "blank 2 is empty" in html
    assert 'value="韩歆毅"' in html and Answer.objects.count() == 0  # nothing graded, even in an exam
    assert "Enter moves to the next blank" in html


def test_a_cloze_with_one_blank_needs_no_hint_about_moving_on(client, six_types):
    attempt = start(client, curated([six_types[3]]))
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'class="blank"' in html and "Enter moves to the next blank" not in html
