"""Why an attempt does not take an answer (or a flag): the message is for the learner. Entry points
translate each kind (a page notice, an HTTP status) but never decide it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class AnswerRefused(Exception):
    """An answer the attempt does not take; the message is for the learner."""


class NotInAttempt(AnswerRefused):
    """The question is not one of the attempt's."""


class AttemptClosed(AnswerRefused):
    """The attempt is finished, or its time is up."""


class OutOfOrder(AnswerRefused):
    """Practice: another question is the current one, and answering this one would skip it."""


class Withdrawn(AnswerRefused):
    """The question left learners since the attempt began (its source changed, or it was
    unpublished or deleted): the attempt skips it."""


WITHDRAWN = _("That question was withdrawn since you began (its source changed); it is skipped and not scored.")
NOT_IN_ATTEMPT = _("That question is not part of this attempt.")
FINISHED = _("This attempt is finished; start a new one to answer again.")
TIME_IS_UP = _("Time is up: this exam closed at its time limit. Your answers so far are saved.")
QUIZ_CLOSED = _(
    "This quiz is closed: the article or tag it drew its questions from was removed. Your attempts stay readable."
)
