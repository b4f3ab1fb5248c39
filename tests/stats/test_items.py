"""Each question's statistics from answers stored through the real attempt path, against figures
worked out by hand, and the flags an author acts on."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Mode
from quizapp.stats import items
from quizapp.stats.items import ALL, BOTH, FIRST
from quizapp.study.models import Rating, ReviewLog
from tests.factories import curated, make_fact, make_question
from tests.stats.answering import choice, new_learner, take, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio():
    fact = make_fact()
    return (
        make_question(fact),
        make_question(fact, QuestionType.SHORT_ANSWER),
        make_question(fact, QuestionType.TRUE_FALSE),
    )


@pytest.fixture
def answered(trio):
    """Four learners take the three questions in practice; the weakest then retries the first in an exam.

    learner  choice  short  t/f   attempt score
    1        ✓       ✓      ✓     3
    2        ✓       ✗      ✓     2
    3        ✗       ✓      ✗     1
    4        ✗       ✗      ✗     0     (and 1 of 1 in the exam)
    """
    one, short, tf = trio
    quiz = curated(trio)
    right, wrong = choice(one, 0), choice(one, 1)
    yes, no = {"answer": "true"}, {"answer": "false"}
    learners = [new_learner() for _ in range(4)]
    take(quiz, learners[0], right, text("韩歆毅"), yes)
    take(quiz, learners[1], right, text("韩欣毅"), yes)
    take(quiz, learners[2], wrong, text("韓歆毅"), no)
    take(quiz, learners[3], wrong, text("张三"), no)
    take(curated([one], mode=Mode.EXAM, slug="retry"), learners[3], right)
    return trio


def test_facility_and_discrimination_match_the_hand_computed_figures(answered):
    one, short, tf = answered
    stats = items.for_questions([one, short, tf])
    # Rest of the attempt as a share of the other two: choice x = 1 1 0 0, rest = 1 .5 .5 0 → r = .5/√.5
    first = stats[one.pk].samples[FIRST, BOTH]
    assert (first.answers, first.facility) == (4, 0.5)
    assert first.discrimination == pytest.approx(0.70711, abs=1e-5)
    # Short answer x = 1 0 1 0 against rest 1 1 0 0: no relation at all.
    assert stats[short.pk].samples[FIRST, BOTH].discrimination == pytest.approx(0.0)
    assert stats[tf.pk].samples[FIRST, BOTH].discrimination == pytest.approx(0.70711, abs=1e-5)


def test_first_attempts_and_modes_are_kept_apart(answered):
    one = answered[0]
    samples = items.for_questions([one])[one.pk].samples
    assert samples[ALL, BOTH].answers == 5 and samples[ALL, BOTH].facility == pytest.approx(0.6)
    assert samples[ALL, Mode.EXAM].facility == 1.0 and samples[FIRST, Mode.EXAM].answers == 0
    assert samples[FIRST, Mode.PRACTICE].facility == 0.5
    assert not samples[FIRST, BOTH].judged  # 4 answers are too few


def test_choice_rates_count_first_answers(answered):
    one = answered[0]
    rates = [(c.picked, c.rate) for c in items.for_questions([one])[one.pk].choices]
    assert rates == [(2, 0.5), (2, 0.5), (0, 0.0), (0, 0.0)]


def test_wrong_typed_answers_are_grouped_and_the_probably_right_one_flagged(answered):
    short = answered[1]
    stats = items.for_questions([short])[short.pk]
    assert [(w.text, w.count, w.reason) for w in stats.wrong] == [("韩欣毅", 1, "spelling"), ("张三", 1, None)]
    assert stats.flags == ["probably_right"]  # needs no sample size: one look tells


def _class_of(n_right: int, n_wrong: int, question, right: dict, wrong: dict) -> None:
    quiz = curated([question], slug=f"q{question.pk}")
    for submitted in [right] * n_right + [wrong] * n_wrong:
        take(quiz, new_learner(), submitted)


def test_flags_too_easy_and_a_distractor_nobody_picks():
    question = make_question()
    _class_of(19, 1, question, choice(question, 0), choice(question, 1))
    stats = items.for_questions([question])[question.pk]
    assert stats.basis.facility == 0.95
    assert stats.flags == ["too_easy", "dead_distractor"]
    assert [c.not_working for c in stats.choices] == [False, False, True, True]


def test_flags_too_hard():
    question = make_question(type=QuestionType.TRUE_FALSE)
    _class_of(3, 17, question, {"answer": "true"}, {"answer": "false"})
    assert items.for_questions([question])[question.pk].flags == ["too_hard"]


def test_flags_negative_and_weak_discrimination():
    fact = make_fact()
    a, b = make_question(fact, QuestionType.TRUE_FALSE), make_question(fact, QuestionType.TRUE_FALSE)
    quiz = curated([a, b])
    yes, no = {"answer": "true"}, {"answer": "false"}
    for _ in range(10):  # whoever gets one right gets the other wrong: r = -1 for both
        take(quiz, new_learner(), yes, no)
        take(quiz, new_learner(), no, yes)
    stats = items.for_questions([a, b])
    assert stats[a.pk].basis.discrimination == pytest.approx(-1.0)
    assert stats[a.pk].flags == stats[b.pk].flags == ["negative"]
    take(quiz, new_learner(), yes, yes)  # one learner right on both leaves r well below zero
    assert "negative" in items.for_questions([a])[a.pk].flags


def test_flashcard_again_rate(answered):
    one = answered[0]
    now = timezone.now()
    for rating in (Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.AGAIN):
        ReviewLog.objects.create(learner=new_learner(), question=one, rating=rating, reviewed_at=now, due_after=now)
    stats = items.for_questions([one])[one.pk]
    assert (stats.reviews, stats.again_rate) == (4, 0.5)


def test_a_page_of_questions_costs_three_queries(answered, django_assert_num_queries):
    with django_assert_num_queries(3):  # answers, choices, reviews — however many questions
        items.for_questions(list(answered))
