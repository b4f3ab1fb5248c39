"""Comments between a question's author and its editors: a thread on the question's admin page.

An editor's reason for returning a question is a comment too (kind "returned"), so the author reads
it in the same thread as the talk around it. A comment is unread until someone it was written to —
the question's author, or an editor — marks the thread read or answers in it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from quizapp.library.choices import Status


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    RETURNED = "returned", _("returned to the author")


class CommentQuerySet(models.QuerySet):
    def unread_by(self, user, *, own_questions_only: bool) -> CommentQuerySet:
        """What others wrote that nobody has read yet; for an author, only on their own questions."""
        unread = self.filter(read_at__isnull=True).exclude(author=user)
        return unread.filter(question__author=user) if own_questions_only else unread


class Comment(models.Model):
    question = models.ForeignKey(
        "library.Question", on_delete=models.CASCADE, related_name="comments", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:39] + "…"


def mark_read(question, user) -> int:
    """Marks what others wrote on `question` as read by `user` (who may read it: see review_admin)."""
    return question.comments.filter(read_at__isnull=True).exclude(author=user).update(read_at=timezone.now())


@transaction.atomic
def return_to_author(questions, reason: str, editor) -> int:
    """Questions in review go back to draft; the reason is a comment in each one's thread and the
    change reason of its history record."""
    returned = list(questions.filter(status=Status.REVIEW).select_for_update().values_list("pk", flat=True))
    # The history's change reason holds 100 characters (PostgreSQL refuses more); the thread keeps it all.
    count = questions.model.objects.filter(pk__in=returned).return_to_author(Truncator(reason).chars(100))
    Comment.objects.bulk_create(
        Comment(question_id=pk, author=editor, kind=CommentKind.RETURNED, text=reason) for pk in returned
    )
    return count
