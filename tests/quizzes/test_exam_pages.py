"""Exams that feel like exams (issue 16, point 5, in part): a deadline readable without JavaScript,
"submit now" with what is left, and the server closing the exam at its deadline."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from quizapp.quizzes.models import Attempt
from tests.factories import right_answer
from tests.quizzes.test_attempt_flow import start


def test_the_deadline_is_a_clock_time_and_the_countdown_minutes(client, exam_quiz):
    attempt = start(client, exam_quiz)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    ends = timezone.localtime(attempt.deadline).strftime("%H:%M")
    assert f">{ends}</time>" in html and "Ends at" in html
    left = re.search(r'class="timer-value">(\d+):(\d\d)<', html)
    assert left and 9 <= int(left[1]) <= 10  # a ten-minute exam, not "599s"


def test_submit_now_says_what_is_unanswered_and_closes_the_exam(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(six_types[0]))
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "5 questions are still unanswered; they count as wrong." in html
    response = client.post(f"/attempts/{attempt.pk}/finish/")
    assert response["Location"].endswith(f"/attempts/{attempt.pk}/results/")
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.percent == 17


def test_after_the_deadline_the_learner_is_told_the_exam_was_submitted(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/attempts/{attempt.pk}/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/results/")
    assert "Time is up: the exam was submitted at its time limit." in html and "time ran out" in html


def test_practice_has_no_submit_now(client, practice_quiz):
    attempt = start(client, practice_quiz)
    assert "submit-now" not in client.get(f"/attempts/{attempt.pk}/").content.decode()


def test_skip_brings_the_question_back_after_the_others(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    html = client.post(f"/attempts/{attempt.pk}/skip/", HTTP_HX_REQUEST="true").content.decode()
    assert six_types[1].prompt in html and "Skip for now" in html
    attempt.refresh_from_db()
    assert attempt.question_ids == [q.pk for q in six_types[1:]] + [six_types[0].pk] and attempt.position == 0
    for question in six_types[1:]:
        client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    last = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert six_types[0].prompt in last and "Skip for now" not in last  # nothing left to skip to


def test_practice_and_other_learners_cannot_skip(client, practice_quiz, exam_quiz):
    practice = start(client, practice_quiz)
    assert client.post(f"/attempts/{practice.pk}/skip/").status_code == 404
    exam = start(client, exam_quiz)
    before = list(exam.question_ids)
    assert Client().post(f"/attempts/{exam.pk}/skip/").status_code == 404  # a stranger's browser
    assert Attempt.objects.get(pk=exam.pk).question_ids == before
