"""Who may do what to a question, a fact or a quiz: the rules the authoring admin and the API both apply.

Authors write their own drafts; whatever learners see or an editor is reviewing, and anyone else's
work, changes only through an editor (issue 19.4).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.roles import Perm
from quizapp.library.models import Fact, Question, Status
from quizapp.library.retiring import HAS_HISTORY, has_learner_history

NOT_YOUR_DRAFT = _("Authors edit their own drafts; once in review or published, only an editor changes a question.")
FACT_IN_USE = _(
    "Only an editor changes this fact: a question on it is in review, published, or another author's draft."
)
DELETE_NOT_YOURS = _("Editors delete questions; an author deletes only their own drafts.")
RETIRING_FOR_EDITORS = _("Only editors retire a question or bring a retired one back (to review).")
PROPOSE_INSTEAD = _(
    "Authors edit their own drafts; once in review or published, only an editor changes a question. "
    "Propose your change on the question's page in the admin, for an editor to approve: %(url)s"
)
PROPOSE_FACT_INSTEAD = _(
    "Only an editor changes this fact: a question on it is in review, published, or another author's draft. "
    "Propose your change on the fact's page in the admin, for an editor to approve: %(url)s"
)
QUIZZES_FOR_EDITORS = _("Only editors change quizzes: their mode, time limit and pass mark reach learners at once.")


def may_publish(user) -> bool:
    return user.has_perm(Perm.PUBLISH_QUESTION)


def owns_draft(user, question: Question) -> bool:
    """A draft of `user`'s, or an unclaimed one (load_content's), as the send-to-review action counts it."""
    return question.status == Status.DRAFT and question.author_id in (None, user.pk)


def may_change(user, question: Question) -> bool:
    """Authors edit their own drafts; once in review or published, only an editor changes a question."""
    return may_publish(user) or owns_draft(user, question)


def may_change_fact(user, fact: Fact) -> bool:
    """An author changes a fact only while every question on it is a draft of theirs: a quote or an
    erratum is what learners read beside a live question, and another author's draft stands on it."""
    if may_publish(user):
        return True
    own_drafts = Q(status=Status.DRAFT) & (Q(author__isnull=True) | Q(author=user.pk))
    return not fact.questions.exclude(own_drafts).exists()


def may_change_quizzes(user) -> bool:
    """A quiz has no draft: its settings reach learners when saved, so editors alone change them."""
    return may_publish(user)


def deletes_by_role(user, question: Question) -> bool:
    """Editors delete any question, an author their own draft — learners' history aside, which
    why_not_delete adds (a page may ask this for every row without reading any learner's rows)."""
    if user.has_perm(Perm.DELETE_QUESTION):
        return True
    own_draft = question.status == Status.DRAFT and question.author_id == user.pk
    return own_draft and user.has_perm(Perm.ADD_QUESTION)


def why_not_delete(user, question: Question) -> str | None:
    """None when `user` may delete `question`, else why not. Nobody deletes a question learners have
    answered or studied: that one is retired (the reason is then retiring.HAS_HISTORY, which the
    admin and the API answer with the offer to retire it)."""
    if not deletes_by_role(user, question):
        return DELETE_NOT_YOURS
    return HAS_HISTORY if has_learner_history(question) else None


def may_delete(user, question: Question) -> bool:
    return why_not_delete(user, question) is None


def may_retire(user) -> bool:
    """Retiring takes a question from learners, and restoring sends it back to review: editors' work."""
    return may_publish(user)


def settable_statuses(user, current: str | None = None) -> list[Status]:
    """The statuses `user` may give a question now `current`: authors draft and send to review;
    editors also publish and retire — but a draft goes through review first, never straight to
    learners, and a retired question comes back to review, not straight to learners either."""
    if not may_publish(user):
        return [Status.DRAFT, Status.REVIEW]
    if current == Status.DRAFT:  # a draft learners met (published once, returned since) may be retired
        return [Status.DRAFT, Status.REVIEW, Status.RETIRED]
    if current == Status.RETIRED:
        return [Status.RETIRED, Status.REVIEW]
    return list(Status)


def may_propose(user, target: Question | Fact) -> bool:
    """Who may propose a change for an editor to approve: an author (or an editor wanting a second pair
    of eyes) on a question in review or published, or on a fact live or others' work stands on."""
    if isinstance(target, Fact):
        return user.has_perm(Perm.CHANGE_FACT) and (may_publish(user) or not may_change_fact(user, target))
    return user.has_perm(Perm.CHANGE_QUESTION) and target.status in (Status.REVIEW, Status.PUBLISHED)


def may_decide(user, proposal) -> bool:
    """Editors approve or reject a proposed change, never their own: a second pair of eyes."""
    return may_publish(user) and proposal.proposed_by_id != user.pk
