"""Issue 19, "Learner history vs edits": unpublishing did not stop open attempts serving the question,
and deleting one made open attempts 500 or stick. Build point 5: open attempts skip retired or
unpublished questions with a note. tests/library/test_drift_withdraws.py shows the skip for a fact
the article's re-import flagged; this file takes the question away by the editor's own paths —
the admin's Unpublish and Retire actions and the API's DELETE (a question nobody answered yet) — in
an open practice attempt and an open exam, and follows the learner to the results."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.test import Client

from quizapp.library.models import Question, Status
from quizapp.quizzes.models import Attempt, Mode
from tests.api.helpers import client_for
from tests.factories import curated, make_fact, make_question, right_answer

pytestmark = pytest.mark.django_db

PROMPTS = ["第一题：研发投入是多少？", "第二题：这一年是哪一年？", "第三题：投入比上年多吗？"]
NOTE = "1 question left this quiz after you began"


def _take_away(how: str, question: Question, editor) -> None:
    """What an editor does to a question a learner is in the middle of."""
    if how == "delete":
        assert client_for(editor).delete(f"/api/v1/questions/{question.pk}/").status_code == 204
        assert not Question.objects.filter(pk=question.pk).exists()
        return
    admin = Client()
    admin.force_login(editor)
    action = {"unpublish": "unpublish", "retire": "retire"}[how]
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [question.pk]}
    assert admin.post("/admin/library/question/", data).status_code == 302
    question.refresh_from_db()
    assert question.status == (Status.REVIEW if how == "unpublish" else Status.RETIRED)


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
@pytest.mark.parametrize("how", ["unpublish", "retire", "delete"])
def test_an_open_attempt_skips_a_question_taken_away_with_a_note_and_still_finishes(editor, how, mode):
    fact = make_fact()
    first, gone, last = (make_question(fact, prompt=prompt) for prompt in PROMPTS)
    quiz = curated([first, gone, last], mode=mode, time_limit_minutes=20 if mode == Mode.EXAM else None)
    client = Client(raise_request_exception=False)  # a 500 is what the learner would see: assert on it
    assert client.post(f"/quizzes/{quiz.slug}/start/").status_code == 302
    attempt = Attempt.objects.get()
    assert client.post(f"/attempts/{attempt.pk}/answer/", right_answer(first)).status_code == 302
    stale_form = right_answer(gone)  # the page loaded before the editor acted still offers it

    _take_away(how, gone, editor)

    page = client.get(attempt.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and NOTE in html
    assert PROMPTS[1] not in html and PROMPTS[2] in html  # the next question is the one still live
    refused = client.post(f"/attempts/{attempt.pk}/answer/", stale_form)
    assert refused.status_code == 409, refused.status_code
    api = client.get(f"/api/v1/attempts/{attempt.pk}/")
    assert api.status_code == 200 and api.json()["withdrawn"] == [gone.pk]

    assert client.post(f"/attempts/{attempt.pk}/answer/", right_answer(last)).status_code == 302
    if mode == Mode.EXAM:
        assert client.post(f"/attempts/{attempt.pk}/finish/").status_code == 302
    results = client.get(f"/attempts/{attempt.pk}/results/", follow=True)
    shown = results.content.decode()
    assert results.status_code == 200 and PROMPTS[0] in shown and PROMPTS[2] in shown
    attempt.refresh_from_db()
    assert not attempt.is_open or attempt.current_question_id() is None
    assert sorted(attempt.answers.values_list("question_id", flat=True)) == sorted([first.pk, last.pk])
    assert attempt.score == 2  # the skipped question is not scored either way
