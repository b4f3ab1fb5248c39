"""The review workflow's status changes and the roles that may make them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group

from quizapp.accounts.roles import Perm, Role
from quizapp.library.models import Question, Status
from quizapp.library.permissions import may_change, settable_statuses
from tests.factories import make_fact, make_question


def test_each_role_has_its_group_with_exactly_its_permissions(db):
    for role in Role:
        granted = set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))
        assert granted == set(role.codenames)
    assert set(Role.AUTHOR.codenames) < set(Role.EDITOR.codenames)


def test_only_editors_publish_and_change_questions_past_draft(author, editor):
    draft, published = make_question(status=Status.DRAFT), make_question(status=Status.PUBLISHED)
    assert not author.has_perm(Perm.PUBLISH_QUESTION) and editor.has_perm(Perm.PUBLISH_QUESTION)
    assert settable_statuses(author) == [Status.DRAFT, Status.REVIEW]
    assert settable_statuses(editor) == list(Status)
    assert may_change(author, draft) and not may_change(author, published)
    assert may_change(editor, published)


def test_bulk_status_changes_touch_only_the_questions_they_apply_to(db):
    fact = make_fact()
    draft, review, published = (make_question(fact, status=s) for s in (Status.DRAFT, Status.REVIEW, Status.PUBLISHED))
    ids = [draft.pk, review.pk, published.pk]
    assert Question.objects.filter(pk__in=ids).send_to_review() == 1
    assert Question.objects.filter(pk__in=ids).publish() == 2  # the draft (now in review) and the review
    assert Question.objects.filter(pk__in=[draft.pk]).unpublish() == 1
    statuses = dict(Question.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {draft.pk: Status.REVIEW, review.pk: Status.PUBLISHED, published.pk: Status.PUBLISHED}


def test_a_status_change_moves_updated_at(db):
    question = make_question(status=Status.REVIEW)
    long_ago = question.updated_at - timedelta(days=30)
    Question.objects.filter(pk=question.pk).update(updated_at=long_ago)
    Question.objects.filter(pk=question.pk).publish()
    question.refresh_from_db()
    assert question.updated_at > long_ago + timedelta(days=29)  # Anki replaces a note only when it is newer
