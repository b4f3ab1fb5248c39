"""Grading choices, true/false, and what holds for every type."""

from __future__ import annotations

import dataclasses

import pytest

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.library.reading import format_number
from quizapp.library.scripts import to_traditional
from quizapp.quizzes.grading import Grade, UngradableQuestion, grade, match_answer, note_text
from tests.factories import make_question
from tests.quizzes.grading_helpers import CLOZE_PROMPT, english, graded, ids  # noqa: F401 (english: autouse)

# ---------------------------------------------------------------- single choice


def test_single_choice_right_choice_is_correct(db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    assert grade(question, ids(question)[0]) == Grade(correct=True, score=1.0)


def test_single_choice_wrong_choice_is_wrong(db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    question.choices.update(is_correct=False)
    question.choices.filter(order=1).update(is_correct=True)
    assert grade(question, ids(question)[0]) == Grade(correct=False, score=0.0)


def test_single_choice_no_choice_is_wrong(db):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    assert grade(question, None) == Grade(correct=False, score=0.0)


def test_single_choice_from_another_question_is_value_error(db):
    question, other = make_question(), make_question()
    with pytest.raises(ValueError, match="not a choice of question"):
        grade(question, ids(other)[0])


@pytest.mark.parametrize("response", ["1", 1.0, True, [1]])
def test_single_choice_response_that_is_not_an_id_is_type_error(db, response):
    with pytest.raises(TypeError):
        grade(make_question(), response)


def test_single_choice_without_a_correct_choice_is_ungradable(db):
    question = make_question()
    question.choices.update(is_correct=False)
    with pytest.raises(UngradableQuestion):
        grade(question, ids(question)[0])


def test_grading_choices_with_prefetched_choices_needs_no_query(db, django_assert_num_queries):
    single = make_question(type=QuestionType.SINGLE_CHOICE)
    multiple = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    responses = {single.pk: ids(single)[1], multiple.pk: ids(multiple)}
    questions = list(Question.objects.filter(pk__in=responses).prefetch_related("choices"))
    with django_assert_num_queries(0):  # the views prefetch choices; grading must not query per choice
        grades = [grade(q, responses[q.pk], partial_credit=True) for q in questions]
    assert [g.correct for g in grades] == [False, False]


# ---------------------------------------------------------------- multiple response


def test_multiple_response_exact_set_is_correct(db):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    a, b, _, _ = ids(question)
    for partial_credit in (False, True):
        result = grade(question, {b, a}, partial_credit=partial_credit)
        assert result == Grade(correct=True, score=1.0)


def test_multiple_response_repeated_ids_count_once(db):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    a, b, _, _ = ids(question)
    assert grade(question, [a, a, b]).correct


def test_multiple_response_is_all_or_nothing_by_default(db):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    a, _, _, _ = ids(question)
    result = grade(question, [a])
    assert (result.correct, result.score) == (False, 0.0)
    assert note_text(result.note) == "1 of 2 correct choices ticked, 0 wrong."


@pytest.mark.parametrize(
    ("ticked", "score"),
    [
        ("a", 0.5),  # one of two right ticks
        ("abc", 0.5),  # both right, one wrong: (2 - 1) / 2
        ("acd", 0.0),  # more wrong than right: floored at zero, never negative
        ("c", 0.0),
        ("", 0.0),
    ],
)
def test_multiple_response_partial_credit_is_right_minus_wrong_over_correct(db, ticked, score):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    by_letter = dict(zip("abcd", ids(question), strict=True))
    result = grade(question, [by_letter[letter] for letter in ticked], partial_credit=True)
    assert (result.correct, result.score) == (False, score)


@pytest.mark.parametrize("response", [[], set(), None])
def test_multiple_response_nothing_ticked_is_wrong(db, response):
    question = make_question(type=QuestionType.MULTIPLE_RESPONSE)
    result = grade(question, response, partial_credit=True)
    assert (result.correct, result.score) == (False, 0.0)


def test_multiple_response_choice_from_another_question_is_value_error(db):
    question, other = make_question(type=QuestionType.MULTIPLE_RESPONSE), make_question()
    with pytest.raises(ValueError, match="not choices of question"):
        grade(question, [ids(question)[0], ids(other)[0]])


@pytest.mark.parametrize("response", ["12", 12, [True], ["1"]])
def test_multiple_response_response_that_is_not_a_collection_of_ids_is_type_error(db, response):
    with pytest.raises(TypeError):
        grade(make_question(type=QuestionType.MULTIPLE_RESPONSE), response)


# ---------------------------------------------------------------- true/false


@pytest.mark.parametrize(
    ("answer", "response", "correct", "expected"),
    [(True, True, True, "对"), (True, False, False, "对"), (False, False, True, "错"), (False, True, False, "错")],
)
def test_true_false_compares_with_the_statement(db, answer, response, correct, expected):
    question = make_question(type=QuestionType.TRUE_FALSE, answer_bool=answer)
    assert grade(question, response) == Grade(correct=correct, score=float(correct))


def test_true_false_no_answer_is_wrong(db):
    assert not grade(make_question(type=QuestionType.TRUE_FALSE), None).correct


@pytest.mark.parametrize("response", ["true", 1, "对"])
def test_true_false_response_that_is_not_a_bool_is_type_error(db, response):
    with pytest.raises(TypeError):
        grade(make_question(type=QuestionType.TRUE_FALSE), response)


def test_true_false_without_an_answer_is_ungradable(db):
    with pytest.raises(UngradableQuestion):
        grade(make_question(type=QuestionType.TRUE_FALSE, answer_bool=None), True)


# ---------------------------------------------------------------- all types


def test_grade_is_immutable(db):
    result = grade(make_question(type=QuestionType.SHORT_ANSWER, accepted_answers=["韩歆毅"]), "韩歆毅")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.correct = False


def test_match_answer_reports_script_folding_only_when_it_was_needed():
    assert match_answer("韩歆毅", "韓歆毅").across_scripts
    assert not match_answer("韩歆毅", "《韩歆毅》").across_scripts
    assert not match_answer("韩歆毅", "韩歆").matched


def test_unknown_question_type_is_ungradable(db):
    question = make_question(type=QuestionType.SHORT_ANSWER, accepted_answers=["韩歆毅"])
    question.type = "essay"
    with pytest.raises(UngradableQuestion):
        grade(question, "韩歆毅")


def right_response(question: Question):
    choices = list(question.choices.all())
    match question.type:
        case QuestionType.SINGLE_CHOICE:
            return next(c.pk for c in choices if c.is_correct)
        case QuestionType.MULTIPLE_RESPONSE:
            return [c.pk for c in choices if c.is_correct]
        case QuestionType.TRUE_FALSE:
            return question.answer_bool
        case QuestionType.CLOZE:
            return [to_traditional(a) for a in cloze.answers(question.prompt)]
        case QuestionType.SHORT_ANSWER:
            return to_traditional(question.accepted_answers[-1])
        case QuestionType.NUMERIC:
            return format_number(question.numeric_value, question.numeric_unit)


def wrong_response(question: Question):
    choices = list(question.choices.all())
    match question.type:
        case QuestionType.SINGLE_CHOICE:
            return next(c.pk for c in choices if not c.is_correct)
        case QuestionType.MULTIPLE_RESPONSE:
            return [c.pk for c in choices]
        case QuestionType.TRUE_FALSE:
            return not question.answer_bool
        case QuestionType.CLOZE:
            return ["不对"] * len(cloze.answers(question.prompt))
        case QuestionType.SHORT_ANSWER:
            return "不对"
        case QuestionType.NUMERIC:
            return str(question.numeric_value + question.numeric_tolerance + 1)


def test_every_published_question_in_the_bank_grades_its_own_answer_right_and_another_wrong(bank):
    questions = Question.objects.published().prefetch_related("choices")
    assert len(questions) > 200
    for question in questions:
        assert grade(question, right_response(question)).correct, question.prompt
        assert not grade(question, wrong_response(question)).correct, question.prompt
