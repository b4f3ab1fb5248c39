"""Change proposals in the admin: the list (pending first), a proposal's page with its diff, the
editor's approve and reject, the author's withdraw, the propose pages, and the panel on a question's
or a fact's own page."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from quizapp.library.models import Fact, Question
from quizapp.library.permissions import may_decide, may_propose, may_publish
from quizapp.proposals.editing import NotApplied, apply, proposing_admin
from quizapp.proposals.models import Proposal, ProposalStatus
from quizapp.proposals.values import changes, described

STALE = _(
    "The live version was saved after this proposal was made: the difference below is against it as it is "
    "now. Look at it again before approving."
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The author reads this on their proposal."),
    )


class StatusFilter(admin.SimpleListFilter):
    """Pending proposals unless another status (or all) is asked for: what is waiting comes first."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ProposalStatus.choices, ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or ProposalStatus.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or ProposalStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subject", "proposed_by", "created_at", "status", "decided_by"]
    list_filter = [StatusFilter]
    list_select_related = ["question", "fact", "proposed_by", "decided_by"]
    change_list_template = "admin/proposals/proposal/change_list.html"

    @admin.display(description=_("changes"))
    def subject(self, proposal: Proposal) -> str:
        return subject(proposal)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user, editor=may_publish(request.user))

    # Proposals are made on a question's or a fact's page and decided by the buttons on their own.
    def has_view_permission(self, request, obj=None):
        return obj is None or may_publish(request.user) or obj.proposed_by_id == request.user.pk

    def has_module_permission(self, request):
        return True  # everyone the site lets in writes or edits (admin_site.QuizAdminSite)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("propose/question/<int:pk>/", wrap(self.propose_question), name="proposals_propose_question"),
            path("propose/fact/<int:pk>/", wrap(self.propose_fact), name="proposals_propose_fact"),
            path("<int:pk>/approve/", wrap(self.approve), name="proposals_proposal_approve"),
            path("<int:pk>/reject/", wrap(self.reject), name="proposals_proposal_reject"),
            path("<int:pk>/withdraw/", wrap(self.withdraw), name="proposals_proposal_withdraw"),
            *super().get_urls(),
        ]

    def propose_question(self, request, pk: int):
        return proposing_admin(self.admin_site, Question).change_view(request, str(pk))

    def propose_fact(self, request, pk: int):
        return proposing_admin(self.admin_site, Fact).change_view(request, str(pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = get_object_or_404(self.get_queryset(request).select_related("question", "fact"), pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(proposal),
            "proposal": proposal,
            "changes": changes(proposal) if proposal.is_pending else [],
            "proposed": [] if proposal.is_pending else described(proposal),
            "stale": proposal.is_pending and proposal.is_stale(),
            "stale_note": STALE,
            "may_decide": proposal.is_pending and may_decide(request.user, proposal),
            "may_withdraw": proposal.is_pending and proposal.proposed_by_id == request.user.pk,
            "reject_form": RejectForm(),
            "target_url": target_url(proposal),
            "subject": subject(proposal),
        }
        return TemplateResponse(request, "admin/proposals/proposal/detail.html", context)

    def _decided(self, request, pk: int) -> Proposal:
        """The proposal, locked for this decision, or 403 for someone who may not make it."""
        proposal = get_object_or_404(Proposal.objects.select_for_update(), pk=pk)
        if not may_decide(request.user, proposal):
            raise PermissionDenied(gettext("An editor other than its author approves or rejects a proposal."))
        return proposal

    @method_decorator(require_POST)
    def approve(self, request, pk: int):
        with transaction.atomic():
            proposal = self._decided(request, pk)
            back = HttpResponseRedirect(proposal.get_absolute_url())
            if not proposal.is_pending:
                self.message_user(request, gettext("This proposal was decided already."), messages.WARNING)
                return back
            if proposal.is_stale() and not request.POST.get("looked_again"):
                self.message_user(request, STALE, messages.WARNING)
                return back
            try:
                apply(proposal, request, self.admin_site)
            except NotApplied as refused:
                note = gettext("Not applied: the change no longer passes the checks.")
                self.message_user(request, " ".join([note, *refused.problems]), messages.ERROR)
                return back
            self._decide(proposal, request.user, ProposalStatus.APPROVED)
        self.message_user(request, gettext("Proposal #%(n)d approved and applied.") % {"n": proposal.pk})
        return HttpResponseRedirect(target_url(proposal))

    @method_decorator(require_POST)
    def reject(self, request, pk: int):
        with transaction.atomic():
            proposal = self._decided(request, pk)
            form = RejectForm(request.POST)
            if proposal.is_pending and form.is_valid():
                self._decide(proposal, request.user, ProposalStatus.REJECTED, form.cleaned_data["reason"])
                self.message_user(request, gettext("Proposal #%(n)d rejected.") % {"n": proposal.pk})
            elif proposal.is_pending:
                self.message_user(request, gettext("Give the author a reason for rejecting."), messages.ERROR)
        return HttpResponseRedirect(proposal.get_absolute_url())

    @method_decorator(require_POST)
    def withdraw(self, request, pk: int):
        proposal = get_object_or_404(Proposal, pk=pk, proposed_by=request.user.pk)
        if proposal.is_pending:
            self._decide(proposal, request.user, ProposalStatus.WITHDRAWN)
            self.message_user(request, gettext("Proposal #%(n)d withdrawn.") % {"n": proposal.pk})
        return HttpResponseRedirect(proposal.get_absolute_url())

    @staticmethod
    def _decide(proposal: Proposal, user, status: ProposalStatus, reason: str = "") -> None:
        proposal.status, proposal.reason = status, reason
        proposal.decided_by, proposal.decided_at = user, timezone.now()
        proposal.save(update_fields=["status", "reason", "decided_by", "decided_at"])


def subject(proposal: Proposal) -> str:
    kind = gettext("question") if proposal.question_id else gettext("fact")
    return gettext("%(kind)s: %(target)s") % {"kind": kind, "target": proposal.target}


def target_url(proposal: Proposal) -> str:
    name = "question" if proposal.question_id else "fact"
    return reverse(f"admin:library_{name}_change", args=[proposal.target.pk])


def panel(request, target: Question | Fact) -> str:
    """The proposals box on a question's or a fact's page: a link to propose a change, and the
    proposals an editor may decide (with their diff) or the viewer made."""
    user = request.user
    editor = may_publish(user)
    on_target = Proposal.objects.on(target).select_related("proposed_by", "decided_by")
    shown = list(on_target.pending() if editor else on_target.filter(proposed_by=user.pk)[:5])
    kind = Proposal.field_for(target)
    context = {
        "proposals": [(p, changes(p) if p.is_pending else [], may_decide(user, p)) for p in shown],
        "propose_url": reverse(f"admin:proposals_propose_{kind}", args=[target.pk])
        if may_propose(user, target)
        else "",
        "editor": editor,
        "reject_form": RejectForm(),
        "stale_note": STALE,
    }
    if not (context["proposals"] or context["propose_url"]):
        return ""
    return render_to_string("admin/proposals/panel.html", context, request=request)
