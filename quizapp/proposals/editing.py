"""Proposing and applying a change through the question's or the fact's own admin form.

The propose page is that admin's change page in a mode (ProposeMode) whose save stores a Proposal
instead of the row: the same fields, the same clean() and formset checks, the same error summary.
Approving replays the submitted form through the normal admin (save_form, save_model,
save_related), so the checks run again against the row as it is then and the history names the
proposal.
"""

from __future__ import annotations

from functools import cache

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.forms.formsets import all_valid
from django.http import HttpResponseRedirect, QueryDict
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizapp.library.models import Choice, Fact, Question, Status
from quizapp.library.permissions import may_propose
from quizapp.library.trail import recorded_as
from quizapp.proposals import values
from quizapp.proposals.models import Proposal

# The inline rows a proposal carries: a question's choices (a fact's question list is read-only).
CHILDREN = {Question: (Choice,), Fact: ()}


class ProposeMode:
    """Mixed in before a question's or a fact's ModelAdmin (see `proposing_admin`)."""

    change_form_template = "admin/proposals/propose_form.html"

    def has_change_permission(self, request, obj=None):
        return obj is not None and may_propose(request.user, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), (_("Your proposal"), {"fields": [values.COMMENT]})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.pop("fields", None) or flatten_fieldsets(self.get_fieldsets(request, obj))
        base = super().get_form(request, obj, change, fields=[f for f in fields if f != values.COMMENT], **kwargs)

        class ProposedForm(base):
            proposal_comment = forms.CharField(
                label=_("Why this change"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("The editor reads this beside the change."),
            )

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if "status" in self.fields:  # a proposal changes the content; the status stays as it is
                    status = self.fields["status"]
                    status.choices = [c for c in Status.choices if c[0] == self.instance.status]
                    status.disabled = True

        return ProposedForm

    def save_model(self, request, obj, form, change) -> None:
        """Nothing: the live row stays as it is until an editor approves (save_related stores the proposal)."""

    def save_related(self, request, form, formsets, change) -> None:
        target = form.instance
        children = [fs for fs in formsets if fs.model in CHILDREN[type(target)]]
        request.proposal = Proposal.objects.create(
            **{Proposal.field_for(target): target},
            proposed_by=request.user,
            comment=values.plain(form.cleaned_data.get(values.COMMENT, "")),
            values=values.proposed(form, children),
            submitted=posted(request.POST),
            base_updated_at=target.updated_at,
        )

    def construct_change_message(self, request, form, formsets, add=False):
        return []  # nothing changed (the formsets were never saved); the proposal is its own record

    def log_change(self, request, obj, message):
        return None

    def response_change(self, request, obj):
        message = gettext(
            "Your change is proposal #%(n)d, waiting for an editor. Learners see the current version until it is "
            "approved."
        )
        self.message_user(request, message % {"n": request.proposal.pk})
        return HttpResponseRedirect(request.proposal.get_absolute_url())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        meta = self.opts
        own = super().change_form_template  # the model's page, which this one extends
        names = [own] if own else []
        names += [f"admin/{meta.app_label}/{meta.model_name}/change_form.html", "admin/change_form.html"]
        context.update(
            title=gettext("Propose a change to this %(model)s") % {"model": meta.verbose_name},
            base_change_form=select_template(names),
            live_url=reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]),
            show_save_and_continue=False,
            show_save_and_add_another=False,
            show_delete_link=False,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


@cache
def _mode_of(admin_class: type) -> type:
    return type(f"Proposing{admin_class.__name__}", (ProposeMode, admin_class), {})


def proposing_admin(site, model):
    """The model's admin in propose mode."""
    return _mode_of(type(site.get_model_admin(model)))(model, site)


def posted(data: QueryDict) -> dict[str, list[str]]:
    """The form as posted, minus the token, the buttons and the note (kept on the proposal itself)."""
    skipped = {"csrfmiddlewaretoken", values.COMMENT}
    return {key: data.getlist(key) for key in data if key not in skipped and not key.startswith("_")}


class NotApplied(Exception):
    """The proposal no longer passes the form's checks; each message says what and where."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def apply(proposal: Proposal, request, site) -> None:
    """Saves the proposed change through the model's admin as an editor's own save would, with history
    records whose reason names the proposal. Raises NotApplied (nothing saved) when a check refuses."""
    model = type(proposal.target)
    admin = site.get_model_admin(model)
    row = admin.get_object(request, str(proposal.target.pk))
    data = QueryDict(mutable=True)
    for key, posted_values in proposal.submitted.items():
        data.setlist(key, posted_values)
    if isinstance(row, Question):
        data["status"] = row.status  # whatever it is now: a proposal never moves a question on or back
    form_class = admin.get_form(request, row, change=True, fields=flatten_fieldsets(admin.get_fieldsets(request, row)))
    _keep_unchanged(data, form_class(instance=row), proposal.values.get("changed"))
    form = form_class(data, instance=row)
    formsets = []
    for formset_class, inline in admin.get_formsets_with_inlines(request, row):
        if inline.model in CHILDREN[model]:
            prefix = formset_class.get_default_prefix()
            _keep_unchanged_rows(data, prefix, inline.get_queryset(request).filter(**{formset_class.fk.name: row}),
                                 proposal.values.get("choices", []))  # fmt: skip
            formsets.append(formset_class(data, instance=row, prefix=prefix, queryset=inline.get_queryset(request)))
    form_ok = form.is_valid()
    if not (all_valid(formsets) and form_ok):
        raise NotApplied(_problems(form, formsets))
    with recorded_as(proposal.change_reason(request.user)):
        saved = admin.save_form(request, form, change=True)
        admin.save_model(request, saved, form, True)
        admin.save_related(request, form, formsets, True)
    admin.log_change(request, saved, admin.construct_change_message(request, form, formsets))


def as_posted(value) -> list[str]:
    """A form value as a browser would post it."""
    if value is None:
        return [""]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]  # booleans as True/False, which checkboxes and yes/no selects both read


def _keep_unchanged(data: QueryDict, current, changed: list[str] | None) -> None:
    """Fields the author left alone take the row's value as it is now (a proposal made before
    `changed` was recorded replays every field)."""
    if changed is None:
        return
    for name in current.fields:
        if name not in changed and name != "status":
            data.setlist(name, as_posted(current[name].value()))


def _keep_unchanged_rows(data: QueryDict, prefix: str, rows, proposed: list[dict]) -> None:
    live = {row.pk: row for row in rows}
    for entry in proposed:
        if entry.get("changed", True) or entry["id"] not in live:
            continue
        for name in values.CHOICE_FIELDS:
            data.setlist(f"{prefix}-{entry['row']}-{name}", as_posted(getattr(live[entry["id"]], name)))


def _problems(form, formsets) -> list[str]:
    found = []
    for name, messages in form.errors.items():
        where = form.fields[name].label if name in form.fields else ""
        found += [f"{where}: {m}" if where else m for m in messages]
    for formset in formsets:
        found += list(formset.non_form_errors())
        for row in formset.errors:
            found += [m for messages in row.values() for m in messages]
    return found
