"""A proposed change to live content: what an author would change on a question or a fact that
learners see (or an editor is reviewing), held until an editor approves or rejects it (issue 19.4).

The live row is untouched meanwhile. `values` is what the proposal says, field by field (a question's
choices with their ids), for the diff; `submitted` is the form as it was posted, replayed through the
same admin form on approval so the same checks run again against the row as it is then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quizapp.library.models import Fact, Question


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an editor")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> ProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)

    def on(self, target: Question | Fact) -> ProposalQuerySet:
        return self.filter(**{Proposal.field_for(target): target})

    def visible_to(self, user, *, editor: bool) -> ProposalQuerySet:
        """Editors see every proposal; anyone else their own."""
        return self if editor else self.filter(proposed_by=user.pk)


class Proposal(models.Model):
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("question")
    )
    fact = models.ForeignKey(
        Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("fact")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("proposed by")
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    values = models.JSONField(_("proposed values"))
    submitted = models.JSONField(default=dict)
    # The row's updated_at when the change was proposed: a later save means the editor must look again.
    base_updated_at = models.DateTimeField(_("based on the version of"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was rejected; the author reads it."))

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        default_permissions = ()  # who may propose and decide is library/permissions.py's rule, not a codename
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, fact__isnull=True) | Q(question__isnull=True, fact__isnull=False),
                name="proposal_changes_one_row",
            )
        ]

    def __str__(self) -> str:
        return _("Proposal #%(n)d") % {"n": self.pk or 0}

    def get_absolute_url(self) -> str:
        return reverse("admin:proposals_proposal_change", args=[self.pk])

    @staticmethod
    def field_for(target: Question | Fact) -> str:
        return "question" if isinstance(target, Question) else "fact"

    @property
    def target(self) -> Question | Fact:
        return self.question if self.question_id else self.fact

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    def is_stale(self) -> bool:
        """Whether the row was saved since the proposal was made (the diff is against today's row)."""
        return self.target.updated_at != self.base_updated_at

    def change_reason(self, editor) -> str:
        """The history records' reason when it is applied (the column holds 100 characters)."""
        proposer = self.proposed_by.get_username() if self.proposed_by else "?"
        return f"proposal #{self.pk} by {proposer} approved by {editor.get_username()}"[:100]
