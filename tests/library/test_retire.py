"""Issue 19.5: a question learners met is retired, never deleted; its choices keep their identity on edit.

Learners' history is made the way learners make it (a quiz taken through its pages), and the admin is
driven through its own pages and actions.
"""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.utils import timezone

from quizapp.accounts.models import Learner
from quizapp.library.models import Question, QuestionType, Status
from quizapp.library.permissions import settable_statuses
from quizapp.quizzes.models import Answer, Attempt
from quizapp.study.models import CardState
from tests.admin.test_admin_in_chinese import question_post  # the change form as a browser sends it
from tests.factories import curated, make_article, make_picked_deck, make_question, wrong_answer
from tests.stats.answering import choice, new_learner, take

CHANGELIST = "/admin/library/question/"


def answered_by_a_learner(client, question: Question) -> Answer:
    """A learner takes a practice quiz of `question` and picks a wrong choice (or gives a wrong answer)."""
    quiz = curated([question], slug=f"q{question.pk}")
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.latest("pk")
    response = client.post(f"/attempts/{attempt.pk}/answer/", wrong_answer(question))
    assert response.status_code == 302
    return Answer.objects.get(attempt=attempt, question=question)


@pytest.fixture
def met(client, db) -> tuple[Question, Answer]:
    question = make_question()
    answer = answered_by_a_learner(client, question)
    assert question.type == QuestionType.SINGLE_CHOICE and isinstance(answer.response, int)  # a choice id
    return question, answer


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


# Deleting in the admin: one question, and the bulk action.


def test_admin_delete_page_of_an_answered_question_offers_retire_and_deletes_nothing(met, as_editor):
    question, answer = met
    # The question page still links to Delete (reading no learner rows), which explains and offers to retire.
    change_page = as_editor.get(f"{CHANGELIST}{question.pk}/change/").content.decode()
    assert f'href="{CHANGELIST}{question.pk}/delete/"' in change_page
    page = as_editor.get(f"{CHANGELIST}{question.pk}/delete/")
    html = page.content.decode()
    assert page.status_code == 409
    assert "cannot be deleted" in html and "Retire this question" in html
    assert f'action="{CHANGELIST}{question.pk}/retire/"' in html
    assert "1 answer in learners" in html
    confirmed = as_editor.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"})
    assert confirmed.status_code == 409
    assert Question.objects.filter(pk=question.pk).exists() and Answer.objects.filter(pk=answer.pk).exists()

    retired = as_editor.post(f"{CHANGELIST}{question.pk}/retire/")
    assert retired.status_code == 302 and retired["Location"] == f"{CHANGELIST}{question.pk}/change/"
    question.refresh_from_db()
    assert question.status == Status.RETIRED
    assert question.history.first().status == Status.RETIRED  # recorded like any review step
    assert not Question.objects.live().filter(pk=question.pk).exists()


def test_admin_still_deletes_a_question_nobody_met(as_editor, db):
    question = make_question()
    response = as_editor.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_flashcard_alone_is_history_too(as_editor, learner, db):
    question = make_question()
    CardState.objects.create(learner=Learner.objects.create(user=learner), question=question, due=timezone.now())
    assert as_editor.get(f"{CHANGELIST}{question.pk}/delete/").status_code == 409


def test_bulk_delete_with_an_answered_question_deletes_none_and_points_to_retire(met, as_editor):
    question, _answer = met
    untouched = make_question(prompt="另一个问题？")
    selected = {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [question.pk, untouched.pk]}
    response = as_editor.post(CHANGELIST, {**selected, "post": "yes"}, follow=True)
    html = response.content.decode()
    assert "1 selected question has learners" in html and "nothing was deleted" in html
    assert "Retire selected questions" in html
    assert Question.objects.filter(pk__in=[question.pk, untouched.pk]).count() == 2

    response = as_editor.post(CHANGELIST, {**selected, "action": "retire"}, follow=True)
    assert "2 questions retired." in response.content.decode()
    assert set(Question.objects.values_list("status", flat=True)) == {Status.RETIRED}


def test_bulk_delete_of_questions_nobody_met_still_works(as_editor, db):
    questions = [make_question(prompt=f"问题{n}？") for n in range(2)]
    selected = {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [q.pk for q in questions], "post": "yes"}
    assert as_editor.post(CHANGELIST, selected).status_code == 302
    assert not Question.objects.exists()


def test_author_cannot_retire(client, author, met):
    question, _answer = met
    client.force_login(author)
    assert client.post(f"{CHANGELIST}{question.pk}/retire/").status_code == 403
    selected = {"action": "retire", helpers.ACTION_CHECKBOX_NAME: [question.pk]}
    client.post(CHANGELIST, selected)
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED


def test_editor_restores_a_retired_question_to_review_only(as_editor, met):
    question, _answer = met
    Question.objects.filter(pk=question.pk).update(status=Status.RETIRED)
    page = as_editor.get(f"{CHANGELIST}{question.pk}/change/").content.decode()
    # The question page's status offers "retired" (stay) and "in review" (restore), not publish.
    assert 'value="review"' in page and 'value="retired"' in page and 'value="published"' not in page
    selected = {"action": "restore", helpers.ACTION_CHECKBOX_NAME: [question.pk]}
    response = as_editor.post(CHANGELIST, selected, follow=True)
    assert "1 question restored to review." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Status.REVIEW


# What learners see of a retired question.


def test_retired_question_leaves_quizzes_decks_and_study_but_results_keep_it(client, met, editor):
    question, answer = met
    other = make_question(prompt="还在使用的问题？", fact=question.fact)
    deck = make_picked_deck([question, other])
    as_editor = client.__class__()
    as_editor.force_login(editor)
    as_editor.post(CHANGELIST, {"action": "retire", helpers.ACTION_CHECKBOX_NAME: [question.pk]})
    assert Question.objects.get(pk=question.pk).status == Status.RETIRED

    assert list(deck.questions()) == [other]
    study = client.get(f"/study/{deck.slug}/").content.decode()
    assert other.prompt in study and question.prompt not in study
    quiz = curated([question, other], slug="both")
    client.post(f"/quizzes/{quiz.slug}/start/")
    assert Attempt.objects.latest("pk").question_ids == [other.pk]

    results = client.get(f"/attempts/{answer.attempt_id}/results/").content.decode()
    picked = question.choices.get(pk=answer.response).text
    assert question.prompt in results and picked in results


def test_statuses_listed_for_editors_and_authors(author, editor):
    assert Status.RETIRED not in settable_statuses(author, Status.DRAFT)
    assert Status.RETIRED in settable_statuses(editor, Status.PUBLISHED)
    assert settable_statuses(editor, Status.RETIRED) == [Status.RETIRED, Status.REVIEW]


def test_a_retired_question_no_longer_needs_attention(as_editor, db):
    question = make_question(prompt="容易的题")
    quiz = curated([question], slug="easy")
    for picked in [0] * 19 + [1]:  # 19 of 20 right: too easy, flagged by the item statistics
        take(quiz, new_learner(), choice(question, picked))
    assert "容易的题" in as_editor.get(CHANGELIST, {"attention": "yes"}).content.decode()
    as_editor.post(CHANGELIST, {"action": "retire", helpers.ACTION_CHECKBOX_NAME: [question.pk]})
    assert "容易的题" not in as_editor.get(CHANGELIST, {"attention": "yes"}).content.decode()
    assert "容易的题" in as_editor.get(CHANGELIST, {"status__exact": "retired"}).content.decode()


@pytest.mark.parametrize(("can_publish", "status"), [(False, Status.DRAFT), (True, Status.RETIRED)])
def test_an_import_retires_only_for_an_editor(db, can_publish, status):
    from quizapp.interop import importing

    article = make_article()
    csv = (
        "id,quote,type,status,prompt,answer,explanation\n"
        "5b0e4c1a-1d2e-4f3a-9b8c-7d6e5f4a3b21,2023年研发投入211.9亿元,true_false,retired,"
        "2023年研发投入211.9亿元。,true,文章这样说。\n"
    )
    plan = importing.plan(importing.parse(csv.encode(), "csv"), article=article, can_publish=can_publish)
    importing.run(plan)
    assert Question.objects.get().status == status


def test_the_question_page_keeps_a_picked_choice(met, as_editor):
    question, answer = met
    url = f"{CHANGELIST}{question.pk}/change/"
    picked = [c.pk for c in question.choices.all()].index(answer.response)
    refused = as_editor.post(url, question_post(question, **{f"choices-{picked}-DELETE": "on"}))
    assert refused.status_code == 200 and "「200亿元」 was picked in learners&#x27; answers" in refused.content.decode()
    assert question.choices.count() == 4
    unpicked = next(n for n, c in enumerate(question.choices.all()) if c.pk != answer.response and not c.is_correct)
    assert as_editor.post(url, question_post(question, **{f"choices-{unpicked}-DELETE": "on"})).status_code == 302
    assert question.choices.count() == 3 and question.choices.filter(pk=answer.response).exists()
