"""Exams that feel like exams (issue 16, point 5): every question at its own address with a navigator
of answered / flagged / unanswered, answers in any order and changed until submitted, flags, skip,
"submit now" with a summary, and the server closing the exam at its deadline (the learner told why)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from quizapp.quizzes.models import Answer, Attempt
from tests.factories import right_answer, wrong_answer
from tests.quizzes.test_attempt_flow import HX, start


def page(client, attempt, query: str = "") -> str:
    return client.get(f"/attempts/{attempt.pk}/{query}").content.decode()


def navigator(html: str) -> list[str]:
    """Each navigator entry as it reads to a screen reader: number, state, flag."""
    items = re.findall(r'class="nav-item[^"]*"[^>]*>(.*?)</a>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_the_deadline_is_a_clock_time_and_the_countdown_minutes(client, exam_quiz):
    attempt = start(client, exam_quiz)
    html = page(client, attempt)
    ends = timezone.localtime(attempt.deadline).strftime("%H:%M")
    assert f">{ends}</time>" in html and "Ends at" in html
    left = re.search(r'class="timer-value">(\d+):(\d\d)<', html)
    assert left and 9 <= int(left[1]) <= 10  # a ten-minute exam, not "599s"


def test_every_question_has_its_own_address_and_the_navigator_says_where_each_stands(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    third = page(client, attempt, "?q=3")
    assert six_types[2].prompt in third and "Question 3 of 6" in third
    assert navigator(third) == [f"{n} unanswered" for n in range(1, 7)]
    assert re.search(r'aria-current="step"[^>]*>\s*<span class="nav-number">3<', third)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[1]))
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": six_types[4].pk, "flagged": "1"})
    states = navigator(page(client, attempt, "?q=1"))
    assert states == [
        "1 unanswered", "2 answered", "3 unanswered", "4 unanswered", "5 ⚑ unanswered, flagged for review",
        "6 unanswered",
    ]  # fmt: skip
    assert client.get(f"/attempts/{attempt.pk}/?q=x").status_code == 400  # a number, or no page


def test_answers_go_in_any_order_and_each_leads_to_the_next_unanswered(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[2]))
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt.pk}/?q=4"
    response = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(six_types[0]))
    assert response["Location"] == f"/attempts/{attempt.pk}/?q=2"
    attempt.refresh_from_db()
    assert attempt.position == 2 and attempt.score == 1 and not attempt.is_finished
    assert six_types[2].explanation not in page(client, attempt, "?q=3")  # no feedback in an open exam


def test_an_answer_can_be_changed_until_submitted_and_the_score_follows(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    first = six_types[0]
    client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(first))
    card = page(client, attempt, "?q=1")
    picked = wrong_answer(first)["choice"]
    assert re.search(rf'value="{picked}"[^>]*checked', card)  # the answer given, ready to change
    assert "you can change it until you submit" in card and "Save the change and continue" in card
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(first))
    attempt.refresh_from_db()
    stored = Answer.objects.get(attempt=attempt)
    assert (stored.is_correct, attempt.score, attempt.position) == (True, 1, 1)
    client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(first))
    attempt.refresh_from_db()
    assert (Answer.objects.get().is_correct, attempt.score, attempt.position) == (False, 0, 1)
    client.post(f"/attempts/{attempt.pk}/finish/")
    response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(first))
    assert response["Location"].endswith("/results/")
    assert Answer.objects.get().is_correct is False  # submitted: the answer stands


def test_flag_keeps_what_was_ticked_and_can_be_taken_off(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    first = six_types[0]
    unsaved = right_answer(first)
    html = client.post(f"/attempts/{attempt.pk}/flag/", {**unsaved, "flagged": "1"}).content.decode()
    assert re.search(rf'value="{unsaved["choice"]}"[^>]*checked', html)  # ticked, not saved, still ticked
    assert 'aria-pressed="true"' in html and "Remove the flag" in html and "⚑ flagged for review" in html
    attempt.refresh_from_db()
    assert attempt.flagged_ids == [first.pk] and not Answer.objects.exists()
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": first.pk, "flagged": "1"})  # again: still one
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": six_types[3].pk, "flagged": "1"})
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": first.pk, "flagged": "0"})
    attempt.refresh_from_db()
    assert attempt.flagged_ids == [six_types[3].pk]


def test_flags_are_the_learners_own_and_only_for_an_open_exam(client, exam_quiz, practice_quiz, six_types):
    exam = start(client, exam_quiz)
    flag = {"question": six_types[0].pk, "flagged": "1"}
    assert Client().post(f"/attempts/{exam.pk}/flag/", flag).status_code == 404  # a stranger's browser
    other = client.post(f"/attempts/{exam.pk}/flag/", {"question": 999999, "flagged": "1"})
    assert other.status_code == 400 and "not part of this attempt" in other.content.decode()
    assert client.post(f"/attempts/{exam.pk}/flag/", {**flag, "flagged": "2"}).status_code == 400
    practice = start(client, practice_quiz)
    assert client.post(f"/attempts/{practice.pk}/flag/", flag).status_code == 404
    client.post(f"/attempts/{exam.pk}/finish/")
    closed = client.post(f"/attempts/{exam.pk}/flag/", flag, **HX)
    assert closed.status_code == 409 and "finished" in closed.content.decode()
    assert Attempt.objects.get(pk=exam.pk).flagged_ids == []


def test_skip_leads_to_the_next_unanswered_question_without_answering(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[1]))
    first = page(client, attempt, "?q=1")
    assert f'href="/attempts/{attempt.pk}/?q=3"' in first.split("Skip for now")[0].rsplit("<a", 1)[1]
    for question in six_types[1:]:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    assert "Skip for now" not in page(client, attempt, "?q=1")  # nothing else left to skip to


def test_submit_now_lists_the_unanswered_and_flagged_questions(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": six_types[0].pk, "flagged": "1"})
    summary = client.get(f"/attempts/{attempt.pk}/submit/").content.decode()
    assert "You have answered 1 of 6 questions." in summary
    assert "5 questions are still unanswered; they count as wrong:" in summary
    links = re.findall(r'<a href="/attempts/\d+/\?q=(\d)"[^>]*>question \d</a>', summary)
    assert links == ["2", "3", "4", "5", "6", "1"]  # the unanswered, then the flagged
    assert "1 question is flagged for review:" in summary
    response = client.post(f"/attempts/{attempt.pk}/finish/")
    assert response["Location"].endswith(f"/attempts/{attempt.pk}/results/")
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.percent == 17


def test_answering_the_last_question_opens_the_summary_not_the_results(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    for question in six_types:
        response = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    assert response["Location"] == f"/attempts/{attempt.pk}/submit/"
    assert "Every question is answered." in page(client, attempt)  # the page itself lands there too
    assert client.get(f"/attempts/{attempt.pk}/results/")["Location"] == f"/attempts/{attempt.pk}/"
    attempt.refresh_from_db()
    assert not attempt.is_finished and attempt.score == 6


def test_after_the_deadline_the_learner_is_told_the_exam_was_submitted(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[2]))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/attempts/{attempt.pk}/?q=2", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/results/")
    assert "Time is up: the exam was submitted at its time limit." in html
    assert "the exam was submitted automatically at its time limit" in html
    assert "17%" in html  # what was answered counts


def test_htmx_swaps_navigator_and_card_together_and_moves_the_address(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    partial = client.get(f"/attempts/{attempt.pk}/?q=4", **HX)
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="exam-area"') and "Question 4 of 6" in body
    assert "HX-Request" in partial["Vary"]
    answered = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[3]), **HX)
    assert answered["HX-Push-Url"] == f"/attempts/{attempt.pk}/?q=5"
    assert six_types[4].prompt in answered.content.decode() and "4 answered" in navigator(answered.content.decode())
    assert "<html" not in answered.content.decode()
    refused = client.post(f"/attempts/{attempt.pk}/answer/", {"question": six_types[0].pk}, **HX)
    assert refused.status_code == 422 and "Question 1 of 6" in refused.content.decode()
