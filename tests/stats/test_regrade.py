"""Accepting a probably-right typed answer changes exactly the answers it should, and their attempts."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Answer, Mode, Scoring
from quizapp.stats.regrade import NotAcceptable, accept_answer
from tests.factories import curated, make_fact, make_question
from tests.stats.answering import new_learner, take, text

pytestmark = pytest.mark.django_db


def test_accepting_a_short_answer_regrades_matching_answers_only(editor):
    question = make_question(type=QuestionType.SHORT_ANSWER)  # accepts 韩歆毅
    other = make_question(question.fact, QuestionType.TRUE_FALSE)
    quiz = curated([question, other])
    slip = take(quiz, new_learner(), text("韩欣毅"), {"answer": "true"})
    slip_in_exam = take(curated([question], mode=Mode.EXAM, slug="exam"), new_learner(), text("韓欣毅"))
    wrong = take(quiz, new_learner(), text("张三"), {"answer": "true"})
    right = take(quiz, new_learner(), text("韩歆毅"), {"answer": "false"})
    assert [slip.score, slip_in_exam.score, wrong.score, right.score] == [1, 0, 1, 1]

    result = accept_answer(question, " 韩欣毅 ", blank=None, user=editor)

    question.refresh_from_db()
    assert question.accepted_answers == ["韩歆毅", "韩欣毅"]
    assert (result.answers, result.attempts) == (2, 2)
    for attempt in (slip, slip_in_exam, wrong, right):
        attempt.refresh_from_db()
    assert [slip.score, slip_in_exam.score, wrong.score, right.score] == [2, 1, 1, 1]
    mine = Answer.objects.filter(question=question).order_by("pk")
    assert [a.is_correct for a in mine] == [True, True, False, True]
    entry = LogEntry.objects.get(object_id=str(question.pk))
    assert entry.user == editor and "韩欣毅" in entry.change_message and "2 answer(s)" in entry.change_message


def test_accepting_twice_adds_once_and_regrades_nothing_more(editor):
    question = make_question(type=QuestionType.SHORT_ANSWER)
    attempt = take(curated([question]), new_learner(), text("韩欣毅"))
    accept_answer(question, "韩欣毅", blank=None, user=editor)
    again = accept_answer(question, "韩欣毅", blank=None, user=editor)
    question.refresh_from_db()
    attempt.refresh_from_db()
    assert question.accepted_answers == ["韩歆毅", "韩欣毅"] and again.answers == 0 and attempt.score == 1


def test_a_cloze_blank_gets_an_alternative_and_partial_credit_is_topped_up(editor):
    fact = make_fact()
    question = make_question(fact, QuestionType.CLOZE, prompt="{{c1::2023}}年研发投入{{c2::211.9亿元}}。")
    quiz = curated([question], scoring=Scoring.PARTIAL)
    attempt = take(quiz, new_learner(), {"blank": ["2023", "211.9亿人民币"]})
    assert attempt.score == 0.5

    result = accept_answer(question, "211.9亿人民币", blank=2, user=editor)

    question.refresh_from_db()
    attempt.refresh_from_db()
    assert question.accepted_answers == ["c2::211.9亿人民币"]
    assert result.answers == 1 and attempt.score == 1.0
    assert Answer.objects.get(attempt=attempt).is_correct


def test_what_cannot_be_accepted_is_refused(editor):
    cloze = make_question(type=QuestionType.CLOZE)
    numeric = make_question(type=QuestionType.NUMERIC)
    with pytest.raises(NotAcceptable):
        accept_answer(cloze, "x", blank=3, user=editor)
    with pytest.raises(NotAcceptable):
        accept_answer(numeric, "211.9亿人民币", blank=None, user=editor)
    with pytest.raises(NotAcceptable):
        accept_answer(cloze, "   ", blank=1, user=editor)
    cloze.refresh_from_db()
    assert cloze.accepted_answers == [] and not LogEntry.objects.exists()
