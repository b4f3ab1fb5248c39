"""The editor's side of review in the admin: return questions to their author with a reason.

The reason is the history record's change reason, so it stands in the question's history beside
the change it explains, and the question page shows the latest one to the author while it is a draft.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quizapp.library.models import Question, Status


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it goes back"),
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        max_length=100,  # simple-history keeps a change reason in 100 characters
        help_text=_("The author reads this on the question page and in its history."),
    )


@admin.action(description=_("Return selected questions to their author (with a reason)"), permissions=["publish"])
def return_to_author(modeladmin, request, queryset):
    form = ReturnForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        n = queryset.return_to_author(form.cleaned_data["reason"])
        message = ngettext("%(n)d question returned to its author.", "%(n)d questions returned to their authors.", n)
        modeladmin.message_user(request, message % {"n": n})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Return to the author"),
        "form": form,
        "questions": queryset.filter(status=Status.REVIEW),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/library/question/return_to_author.html", context)


def returned_because(question: Question | None) -> str:
    """Why a draft came back from review: the reason on its latest return, if it is still that draft."""
    if question is None or question.status != Status.DRAFT:
        return ""
    latest = question.history.order_by("-history_date").values_list("history_change_reason", "status").first()
    return (latest[0] or "") if latest and latest[1] == Status.DRAFT else ""
