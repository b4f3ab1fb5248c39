"""The review side of the question admin: editors return questions to their author with a reason,
author and editors talk in a comment thread on the question page, the list shows which questions
have unread comments or came back, and the history names each field's old and new value.

The reason for a return is both a comment in the thread and the history record's change reason, so
it stands beside the change it explains; the question page shows the latest one while it is a draft.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from quizapp.library import comments
from quizapp.library.comments import Comment, CommentKind
from quizapp.library.models import Question, Status, count_subquery
from quizapp.library.permissions import may_publish


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it goes back"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "autofocus": True}),
        max_length=2000,  # as a comment; the history's change reason keeps its first 100 characters
        help_text=_("The author reads this on the question page and in its history."),
    )


@admin.action(description=_("Return selected questions to their author (with a reason)"), permissions=["publish"])
def return_to_author(modeladmin, request, queryset):
    form = ReturnForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        n = comments.return_to_author(queryset, form.cleaned_data["reason"], request.user)
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
    """Why a draft came back from review: the reason of its latest return (in full, from the thread)
    while the return is its latest change."""
    if question is None or question.status != Status.DRAFT:
        return ""
    latest = question.history.order_by("-history_date").values_list("history_change_reason", "status").first()
    if not (latest and latest[1] == Status.DRAFT and latest[0]):
        return ""
    reason = question.comments.filter(kind=CommentKind.RETURNED).order_by("-created_at", "-pk").first()
    return reason.text if reason else latest[0]


# The comment thread.


def may_discuss(user, question: Question) -> bool:
    """The question's author and the editors write in its thread and mark it read."""
    return may_publish(user) or (question.author_id is not None and question.author_id == user.pk)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Add a comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


def comment_thread(request, question: Question, form: CommentForm | None = None) -> str:
    """The thread as the question page shows it, below the form (its own form, not nested in the admin's)."""
    thread = list(question.comments.select_related("author"))
    discuss = may_discuss(request.user, question)
    unread = {c.pk for c in thread if c.read_at is None and c.author_id != request.user.pk} if discuss else set()
    context = {
        "question": question,
        "comments": thread,
        "unread": unread,
        "may_comment": discuss,
        "form": form or CommentForm(auto_id="id_comment_%s"),
    }
    return render_to_string("admin/library/question/comments.html", context, request=request)


@require_POST
def comment_view(request, pk: int):
    """Adds a comment (which also marks what the writer was answering as read), or only marks read."""
    question = get_object_or_404(Question, pk=pk)
    back = reverse("admin:library_question_change", args=[pk]) + "#comments"
    if not may_discuss(request.user, question):
        messages.error(request, _("Only the question's author and the editors write in its comments."))
        return HttpResponseRedirect(back)
    if "mark_read" in request.POST:
        comments.mark_read(question, request.user)
        return HttpResponseRedirect(back)
    form = CommentForm(request.POST, auto_id="id_comment_%s")
    if not form.is_valid():
        context = {"title": _("Comments"), "thread": comment_thread(request, question, form), "question": question}
        return TemplateResponse(request, "admin/library/question/comment_refused.html", context, status=400)
    Comment.objects.create(question=question, author=request.user, text=form.cleaned_data["text"])
    comments.mark_read(question, request.user)
    messages.success(request, _("Comment added."))
    return HttpResponseRedirect(back)


def admin_urls(admin_view) -> list:
    return [path("<int:pk>/comments/", admin_view(comment_view), name="library_question_comment")]


# The question list: which questions have something for me.


def with_comment_counts(queryset, user):
    """Each question with its comment count and how many of them are unread for `user`."""
    on_row = Comment.objects.filter(question=OuterRef("pk"))
    unread = on_row.unread_by(user, own_questions_only=not may_publish(user))
    return queryset.annotate(comment_count=count_subquery(on_row), unread_comments=count_subquery(unread))


@admin.display(description=_("comments"))
def comments_column(question: Question) -> str:
    total, unread = getattr(question, "comment_count", 0), getattr(question, "unread_comments", 0)
    if not total:
        return ""
    if not unread:
        return str(total)
    return format_html('{} <strong class="comments-new">{}</strong>', total, _("%(n)d new") % {"n": unread})


class CommentsFilter(admin.SimpleListFilter):
    title = _("comments")
    parameter_name = "comments"

    def lookups(self, request, model_admin):
        return [("unread", _("unread comments for me")), ("returned", _("returned to the author, not resubmitted"))]

    def queryset(self, request, queryset):
        if self.value() == "unread":
            unread = Comment.objects.unread_by(request.user, own_questions_only=not may_publish(request.user))
            return queryset.filter(pk__in=unread.values("question"))
        if self.value() == "returned":
            returned = Comment.objects.filter(kind=CommentKind.RETURNED).values("question")
            return queryset.filter(status=Status.DRAFT, pk__in=returned)
        return queryset


# The history pages: values as a person reads them, and a question's choices beside it.


class LabelledValues(HistoricalRecordContextHelper):
    """Old and new values as the form shows them: a choice's label and yes/no, not the stored code."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField) and value is not None:
            return gettext("yes") if value else gettext("no")
        return super().prepare_delta_change_value(change, value)


def child_history(model, parent_field: str, parent_pk) -> list:
    """The history records of `model` rows under one parent (a question's choices), newest first,
    each with its old → new values against the same row's record before it."""
    records = list(
        model.history.filter(**{parent_field: parent_pk})
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    for _pk, group in groupby(records, key=attrgetter("id")):
        rows = list(group)
        for newer, older in zip(rows, rows[1:], strict=False):
            delta = newer.diff_against(older)
            newer.history_delta_changes = LabelledValues(model, newer).context_for_delta_changes(delta)
    return sorted(records, key=attrgetter("history_date"), reverse=True)


class ReviewHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with readable values; `history_children` lists (model, field naming
    the parent) whose records the parent's history page shows too (a choice has no page of its own)."""

    history_children: tuple = ()

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledValues(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        # Called once the object is found and the viewer's permission checked. One past record's page
        # (history_form_view, linked from each date) renders through here too, without "object": it
        # lists no children (it raised a KeyError, a 500, before).
        if "object" not in context:
            return super().render_history_view(request, template, context, **kwargs)
        parent = context["object"].pk
        children = [(m._meta.verbose_name_plural, child_history(m, f, parent)) for m, f in self.history_children]
        return super().render_history_view(request, template, {**context, "child_histories": children}, **kwargs)
