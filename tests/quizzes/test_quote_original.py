"""A source quote shown in another script keeps the text as the article has it one click away
(issue 16, point 1): feedback, results and a flashcard's back; nothing extra when nothing changed."""

from __future__ import annotations

from tests.factories import curated, make_picked_deck, right_answer
from tests.quizzes.test_attempt_flow import HX, start

ORIGINAL = "<summary>As written in the article</summary><p>「2023年研发投入211.9亿元」</p>"


def test_a_converted_quote_offers_the_original_and_an_unconverted_one_does_not(client, six_types):
    question = six_types[0]
    attempt = start(client, curated([question]))
    client.cookies["script"] = "zh-Hant"
    feedback = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question), **HX).content.decode()
    assert "「2023年研發投入211.9億元」" in feedback and ORIGINAL in feedback
    client.post(f"/attempts/{attempt.pk}/finish/")
    assert ORIGINAL in client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    deck = make_picked_deck([question])
    assert ORIGINAL in client.get(f"/study/{deck.slug}/?card={question.pk}&side=back").content.decode()
    client.cookies["script"] = "original"
    assert "As written in the article" not in client.get(f"/attempts/{attempt.pk}/results/").content.decode()
