"""Questions are versioned once answered (issue 19, point 5): an answer keeps what was asked and graded,
so editing a question after learners answered it never breaks or contradicts their results."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry

from quizapp.library.models import Choice, QuestionType
from quizapp.quizzes.models import Answer, Attempt
from quizapp.quizzes.versions import QuestionVersion
from tests.factories import curated, make_question, make_user, right_answer, wrong_answer
from tests.quizzes.test_attempt_flow import start


def answered(client, question, data=None):
    """A practice attempt of just `question`, answered with `data` (right by default) and finished."""
    attempt = start(client, curated([question], slug=f"q{question.pk}-{Attempt.objects.count()}"))
    client.post(f"/attempts/{attempt.pk}/answer/", data or right_answer(question))
    attempt.refresh_from_db()
    return attempt


def review_items(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", li)
        for li in re.findall(r'<li class="review-item.*?</li>\s*(?=<li class="review-item|</ol>)', html, re.S)
    ]


def test_type_changed_after_answers_the_results_show_the_question_as_asked(client, db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    attempt = answered(client, question)
    # The editor turns it into a cloze: the stored response (a choice id) no longer fits the type.
    question.type, question.prompt = QuestionType.CLOZE, "2023年研发投入{{c1::211.9亿元}}，同比增长。"
    question.save()
    question.choices.all().delete()

    page = client.get(f"/attempts/{attempt.pk}/results/")
    assert page.status_code == 200  # was a 500 for every learner who answered it
    html = page.content.decode()
    item = review_items(html)[0]
    assert "2023年蚂蚁集团研发投入是多少？" in item and "同比增长" not in item  # the prompt as asked
    assert "211.9亿元" in item and "150亿元" in item  # the choices as shown, though deleted since
    assert "right — you chose it" in item and "is-correct" in item  # the mark, beside its own key
    assert "edited since you answered it" in item

    feedback = client.get(f"/attempts/{attempt.pk}/?after={question.pk}")
    assert feedback.status_code == 200 and "edited since you answered it" in feedback.content.decode()
    api = client.get(f"/api/v1/attempts/{attempt.pk}/results/")
    assert api.status_code == 200
    row = api.json()["rows"][0]
    assert row["type"] == "single_choice" and row["changed_since"] is True
    assert [c["text"] for c in row["choices"]] == ["211.9亿元", "200亿元", "150亿元", "100亿元"]
    assert client.get("/me/").status_code == 200


def test_key_changed_after_answers_the_page_shows_the_key_the_answer_was_graded_on(client, db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    attempt = answered(client, question)  # picked 211.9亿元, right at the time
    Choice.objects.filter(question=question).update(is_correct=False)
    Choice.objects.filter(question=question, text="200亿元").update(is_correct=True)

    item = review_items(client.get(f"/attempts/{attempt.pk}/results/").content.decode())[0]
    # Before: "correct" beside a right answer of 200亿元. Now the right answer it was graded on.
    assert "is-correct" in item and "right — you chose it" in item
    right = re.findall(r'<li class="right[^"]*">.*?<span>(.*?)</span>', item, re.S)
    assert len(right) == 1 and right[0].startswith("211.9亿元")
    assert "edited since you answered it" in item


def test_an_unchanged_question_says_nothing_about_edits_and_reuses_its_version(client, db):
    question = make_question(type=QuestionType.NUMERIC)
    first, second = answered(client, question), answered(client, question, wrong_answer(question))
    assert QuestionVersion.objects.filter(question=question).count() == 1
    assert Answer.objects.get(attempt=first).version_id == Answer.objects.get(attempt=second).version_id
    assert "edited since" not in client.get(f"/attempts/{first.pk}/results/").content.decode()
    question.explanation = "更好的解释。"  # not asked, not graded: no new version
    question.save()
    answered(client, question)
    assert QuestionVersion.objects.filter(question=question).count() == 1


def test_each_edit_that_learners_then_answer_is_a_version_of_its_own(client, db):
    question = make_question(type=QuestionType.TRUE_FALSE)
    answered(client, question)
    question.prompt = "改写后的陈述。"
    question.save()
    answered(client, question)
    versions = list(QuestionVersion.objects.filter(question=question).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert [v.snapshot["prompt"] for v in versions] == ["2023年蚂蚁集团研发投入是多少？", "改写后的陈述。"]
    assert versions[0].key_hash == versions[1].key_hash  # the wording changed, not the key


def test_exam_answers_keep_their_version_too(client, db):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    quiz = curated([question], mode="exam", slug="exam-v")
    attempt = start(client, quiz)
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    answer = Answer.objects.get(attempt=attempt)
    assert answer.version.snapshot["choices"][0] == {
        "id": question.choices.first().pk,
        "text": "211.9亿元",
        "correct": True,
    }


@pytest.fixture
def key_corrected(client, db):
    """Two learners answered a numeric question; the editor then corrects its value from 211.9 to 200."""
    question = make_question(type=QuestionType.NUMERIC)
    right_then = answered(client, question)  # 2119000万元 = 211.9亿元: right under the old key
    client.logout()
    client.cookies.clear()
    wrong_then = answered(client, question, {"question": question.pk, "text": "200亿元"})
    question.numeric_value = 200
    question.save()
    return question, right_then, wrong_then


def test_a_corrected_key_offers_a_regrade_to_the_editor_and_applies_it_with_a_note(client, key_corrected):
    question, right_then, wrong_then = key_corrected
    editor = make_user("erin", staff=True, group="Editors")
    client.force_login(editor)
    page = client.get(f"/admin/library/question/{question.pk}/change/").content.decode()
    offer = re.search(r'<div class="regrade-offer".*?</div>', page, re.S)
    assert offer and "2 stored answer(s) of 2 learner(s) would get another mark (1 lower)" in offer[0]
    assert f'formaction="/admin/library/question/{question.pk}/regrade/"' in offer[0]

    done = client.post(f"/admin/library/question/{question.pk}/regrade/", follow=True)
    assert "2 answer(s) of 2 learner(s)" in done.content.decode()
    right_then.refresh_from_db()
    wrong_then.refresh_from_db()
    assert (right_then.score, wrong_then.score) == (0, 1)  # a corrected key moves marks both ways
    assert [a.is_correct for a in Answer.objects.filter(attempt=right_then)] == [False]
    entry = LogEntry.objects.get(object_id=str(question.pk), change_message__contains="Regraded")
    assert entry.user == editor and "1 of them down" in entry.change_message
    # Nothing is left to regrade; the offer is gone.
    assert 'class="regrade-offer"' not in client.get(f"/admin/library/question/{question.pk}/change/").content.decode()

    note = Answer.objects.get(attempt=right_then).note["regraded"][0]
    assert (note["old"], note["new"], note["old_key"], note["new_key"]) == (1.0, 0.0, "211.9亿元", "200亿元")


def test_the_regrade_note_shows_on_the_learners_results(client, db):
    question = make_question(type=QuestionType.TRUE_FALSE)
    attempt = answered(client, question)  # "true": right while the statement is true
    question.answer_bool = False
    question.save()
    from quizapp.stats.regrade import regrade_under_current_key

    result = regrade_under_current_key(question, user=make_user("erin", staff=True, group="Editors"))
    assert (result.answers, result.lowered, result.learners) == (1, 1, 1)
    html = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    item = review_items(html)[0]
    assert re.search(
        r"Regraded on .*: the right answer was corrected from “对” to “错”; your mark went from 1 to 0\.", item
    )
    assert "is-wrong" in item
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_an_author_sees_the_offer_but_may_not_regrade(client, key_corrected):
    question, right_then, _wrong = key_corrected
    author = make_user("alice", staff=True, group="Authors")
    question.author = author
    question.save()
    client.force_login(author)
    assert client.post(f"/admin/library/question/{question.pk}/regrade/").status_code == 302
    right_then.refresh_from_db()
    assert right_then.score == 1  # unchanged


def test_accepting_a_typed_answer_still_only_raises_and_notes_it(client, db):
    question = make_question(type=QuestionType.SHORT_ANSWER)
    attempt = answered(client, question, {"question": question.pk, "text": "韩先生"})
    from quizapp.stats.regrade import accept_answer, pending_regrade

    accept_answer(question, "韩先生", blank=None, user=make_user("erin", staff=True, group="Editors"))
    attempt.refresh_from_db()
    assert attempt.score == 1
    question.refresh_from_db()
    assert pending_regrade(question).answers == 0  # what accepting changed needs no second regrade
    assert "your mark went from 0 to 1" in client.get(f"/attempts/{attempt.pk}/results/").content.decode()


def test_an_open_exam_shows_a_question_whose_type_changed_after_it_was_answered(client, db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    attempt = start(client, curated([question, make_question()], mode="exam", slug="exam-edit"))
    client.post(f"/attempts/{attempt.pk}/answer/", right_answer(question))
    question.type, question.prompt = QuestionType.CLOZE, "2023年研发投入{{c1::211.9亿元}}。"
    question.save()
    page = client.get(f"/attempts/{attempt.pk}/?q=1")
    assert page.status_code == 200 and 'name="blank"' in page.content.decode()  # to answer again as it is now
    api = client.get(f"/api/v1/attempts/{attempt.pk}/questions/1/")
    assert api.status_code == 200 and api.json()["question"]["type"] == "cloze"


def test_the_backfill_gives_every_older_answer_a_version_and_their_results_still_render(client, db):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    backfill = importlib.import_module("quizapp.quizzes.migrations.0008_backfill_question_versions").backfill
    kept, retyped = make_question(type=QuestionType.NUMERIC), make_question(type=QuestionType.SINGLE_CHOICE)
    attempts = [answered(client, kept), answered(client, retyped)]
    # As before versions existed: no version, and one question's type changed after it was answered.
    Answer.objects.update(version=None)
    QuestionVersion.objects.all().delete()
    retyped.type = QuestionType.TRUE_FALSE
    retyped.save()

    backfill(apps, SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql)))
    assert not Answer.objects.filter(version__isnull=True).exists()
    assert sorted(QuestionVersion.objects.values_list("question_id", "number")) == [(kept.pk, 1), (retyped.pk, 1)]
    # Answering again now reuses the backfilled version: the content is the same.
    answered(client, kept)
    assert QuestionVersion.objects.filter(question=kept).count() == 1
    for attempt in attempts:  # the retyped one's stored choice no longer fits: shown as stored, no 500
        assert client.get(f"/attempts/{attempt.pk}/results/").status_code == 200
