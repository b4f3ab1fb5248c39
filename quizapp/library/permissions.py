"""Who may do what to a question: the rules the authoring admin and the API both apply."""

from __future__ import annotations

from quizapp.accounts.roles import Perm
from quizapp.library.models import Question, Status


def may_publish(user) -> bool:
    return user.has_perm(Perm.PUBLISH_QUESTION)


def may_change(user, question: Question) -> bool:
    """Authors edit drafts; once in review or published, only an editor changes a question."""
    return question.status == Status.DRAFT or may_publish(user)


def may_delete(user, question: Question) -> bool:
    """Editors delete any question; an author deletes their own draft, never work learners have
    seen (a question with answers was published once, whatever its status now)."""
    if user.has_perm(Perm.DELETE_QUESTION):
        return True
    own_draft = question.status == Status.DRAFT and question.author_id == user.pk
    return own_draft and user.has_perm(Perm.ADD_QUESTION) and not question.answers.exists()


def settable_statuses(user, current: str | None = None) -> list[Status]:
    """The statuses `user` may give a question now `current`: authors draft and send to review;
    editors also publish — but a draft goes through review first, never straight to learners."""
    if not may_publish(user):
        return [Status.DRAFT, Status.REVIEW]
    return [Status.DRAFT, Status.REVIEW] if current == Status.DRAFT else list(Status)
