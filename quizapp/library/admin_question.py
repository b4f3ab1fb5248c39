"""The question pages of the admin: the form, review actions, statistics columns."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quizapp.admin_site import AnyScriptSearch, AuthorFilter
from quizapp.interop.admin_actions import EXPORT_ACTIONS
from quizapp.library import item_statistics, retiring, review_admin
from quizapp.library.admin_fact import ArticleFilter, ReanchoringFilter
from quizapp.library.admin_forms import ChoiceForm, ChoiceFormSet, QuestionForm
from quizapp.library.admin_preview import Unreadable, live_preview, question_from, render_preview
from quizapp.library.models import Choice, Drift, Question, QuestionType
from quizapp.library.permissions import (
    NOT_YOUR_DRAFT,
    deletes_by_role,
    may_change,
    may_publish,
    may_retire,
    settable_statuses,
    why_not_delete,
)
from quizapp.library.review_admin import return_to_author, returned_because

CHOICE_ROWS = 4  # a four-choice question is written without clicking "Add another"
DEFAULT_TYPE = QuestionType.SINGLE_CHOICE  # the type most questions in the bank have


class KeepPickedChoices(ChoiceFormSet):
    """The choices of a question, where one a learner picked cannot be deleted (their answer names it)."""

    def clean(self):
        super().clean()
        if self.instance.pk is None or any(self.errors):
            return
        kept = {f.instance.pk for f in self.initial_forms if not self._should_delete_form(f)}
        if why := retiring.picked_left_out(self.instance, kept):
            raise ValidationError(why)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = KeepPickedChoices
    form = ChoiceForm
    fields = ["text", "is_correct", "feedback", "order"]  # Tab runs from a choice's text to its "correct" box
    classes = ["choices-inline"]

    def get_extra(self, request, obj=None, **kwargs):
        # A choice question gets empty rows up to four; question_form.js adds them when the type changes.
        kind = obj.type if obj else request.GET.get("type", DEFAULT_TYPE)
        if kind not in Question.TYPES_WITH_CHOICES:
            return 0
        return max(0, CHOICE_ROWS - (obj.choices.count() if obj else 0))


@admin.register(Question)
class QuestionAdmin(AnyScriptSearch, review_admin.ReviewHistoryAdmin):
    form = QuestionForm
    history_children = [(Choice, "question_id")]  # a choice has no page, so its history is shown here
    inlines = [ChoiceInline]
    list_display = [
        "__str__", "type", "status", "source", "difficulty", "article", "author", "updated_at",
        review_admin.comments_column,  # unread comments for me, from get_queryset
        *item_statistics.COLUMNS,  # read for the whole page at once by StatisticsChangeList
    ]  # fmt: skip
    list_filter = [
        "type", "status", ReanchoringFilter, "anchored", ("fact__article", ArticleFilter), "tags",
        ("author", AuthorFilter), "difficulty", item_statistics.NeedsAttentionFilter,
        review_admin.CommentsFilter,
    ]  # fmt: skip
    list_select_related = ["author"]  # and the source, from get_queryset
    # Newest first, from the primary key's index: Meta.ordering joins fact and article to sort 50,000 rows.
    ordering = ["-pk"]
    show_full_result_count = False  # a filtered page needs its own count only, not the whole table's too
    list_per_page = 50  # rendering 100 rows of 13 columns was most of the page's time at 50,000 questions
    search_fields = ["prompt", "explanation", "fact__quote", "uuid"]
    autocomplete_fields = ["fact", "tags"]
    readonly_fields = ["uuid", "author", "created_at", "updated_at"]
    actions = [
        "delete_selected",  # ours, in the site action's place (see below)
        "send_to_review", "publish", "unpublish", "retire", "restore", return_to_author, *EXPORT_ACTIONS,
    ]  # fmt: skip
    # The choices inline is shown right after the first fieldset, under the prompt (change_form.html).
    fieldsets = [
        (None, {"fields": ["fact", "anchored", "type", "prompt"]}),
        (_("True / false"), {"classes": ["qtype", "qtype-true_false"], "fields": ["answer_bool"]}),
        (_("Short answer"), {"classes": ["qtype", "qtype-short_answer"], "fields": ["accepted_answers"]}),
        (
            _("Numeric"),
            {"classes": ["qtype", "qtype-numeric"], "fields": ["numeric_value", "numeric_tolerance", "numeric_unit"]},
        ),  # noqa: E501
        (None, {"fields": ["explanation"]}),
        (None, {"fields": ["status", "difficulty", "tags"]}),
        (_("Record"), {"classes": ["collapse"], "fields": ["uuid", "author", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["django_htmx/htmx-2.min.js", "authoring/question_form.js"]
        css = {"all": ["authoring/authoring.css", "authoring/review.css"]}

    @admin.display(description=_("article"), ordering="fact__article")
    def article(self, obj):
        return obj.fact.article.source_file[:3]

    @admin.display(description=_("source"))
    def source(self, obj: Question) -> str:
        # A published question on a flagged fact is out of learners' sight although its status says published.
        return _("needs re-anchoring") if obj.fact.drift == Drift.FLAGGED else "✓"

    def get_queryset(self, request):
        # The author here too: the list applies list_select_related only to a queryset that has none yet.
        questions = super().get_queryset(request).with_source().select_related("author")
        return review_admin.with_comment_counts(questions, request.user)

    def get_changelist(self, request, **kwargs):
        return item_statistics.StatisticsChangeList

    def get_urls(self):
        preview = path("preview/", self.admin_site.admin_view(self.live_preview), name="library_question_preview")
        return [
            preview,
            *item_statistics.admin_urls(self.admin_site.admin_view),
            *review_admin.admin_urls(self.admin_site.admin_view),
            path("<int:pk>/retire/", self.admin_site.admin_view(self.retire_view), name="library_question_retire"),
            *super().get_urls(),
        ]

    def live_preview(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return live_preview(request)

    def get_changeform_initial_data(self, request):
        return {"type": DEFAULT_TYPE, **super().get_changeform_initial_data(request)}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Without JavaScript the preview shows what was saved, or what a refused save sent.
        if obj is not None and request.method != "POST":
            context["question_preview"] = render_preview(obj, list(obj.choices.all()), request)
        else:
            try:
                context["question_preview"] = render_preview(*question_from(request.POST or request.GET), request)
            except Unreadable:  # an add link with a bad ?fact=: the form itself says so
                context["question_preview"] = ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_object(self, request, object_id, from_field=None):
        # change_view, the form, its inline, the preview and the statistics panel all read the same
        # question: fetch it once per request with its choices and tags, not once per reader.
        cache = request.__dict__.setdefault("_question_objects", {})
        if (object_id, from_field) not in cache:
            question = super().get_object(request, object_id, from_field)
            if question is not None:
                prefetch_related_objects([question], "choices", "tags")
            cache[object_id, from_field] = question
        return cache[object_id, from_field]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        extra = {
            **item_statistics.question_context(question, request.user),
            "returned_because": returned_because(question),
            "comment_thread": review_admin.comment_thread(request, question) if question else "",
        }
        if question and request.method == "GET" and not self.has_change_permission(request, question):
            self.message_user(request, NOT_YOUR_DRAFT, messages.INFO)  # why the form is read-only
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def get_fieldsets(self, request, obj=None):
        # "Fact confirmed" shows only on an imported question whose fact is still the importer's guess.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not obj.anchored:
            return fieldsets
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f != "anchored"]}) for name, opts in fieldsets]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        allowed = settable_statuses(request.user, obj.status if obj else None)

        class Restricted(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, allowed_statuses=allowed, **kw)

        return Restricted

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            # The Delete link by role: on a question learners met, the delete page offers to retire it.
            return deletes_by_role(request.user, obj)
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

    # Deleting: a question learners met is retired instead (retiring.py), here as in the API and the bank.

    @admin.action(permissions=["delete"], description=admin_actions.delete_selected.short_description)
    def delete_selected(self, request, queryset):
        """Django's bulk delete (it takes the site's action's place), refused as a whole — nothing
        deleted — when a selected question has learner history: half a selection gone would surprise."""
        met = retiring.with_learner_history(queryset).count()
        if not met:
            return admin_actions.delete_selected(self, request, queryset)
        message = ngettext(
            "%(n)d selected question has learners' answers, flashcards or reviews, so nothing was deleted. "
            "Retire it instead (the “Retire selected questions” action).",
            "%(n)d selected questions have learners' answers, flashcards or reviews, so nothing was deleted. "
            "Retire them instead (the “Retire selected questions” action).",
            met,
        )
        self.message_user(request, message % {"n": met}, messages.ERROR)
        return None

    def delete_view(self, request, object_id, extra_context=None):
        question = self.get_object(request, unquote(object_id))
        seen = question is not None and self.has_view_permission(request, question)
        if seen and why_not_delete(request.user, question) is retiring.HAS_HISTORY:
            return self.retire_instead(request, question)
        return super().delete_view(request, object_id, extra_context)

    def retire_instead(self, request, question: Question) -> TemplateResponse:
        """The delete page of a question learners met: why it stays, and the offer to retire it."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Retire instead of deleting"),
            "opts": self.model._meta,
            "question": question,
            "reason": retiring.HAS_HISTORY,
            "answers": question.answers.count(),
            "cards": question.card_states.count(),
            "reviews": question.review_logs.count(),
            "may_retire": may_retire(request.user),
        }
        return TemplateResponse(request, "admin/library/question/retire_instead.html", context, status=409)

    @method_decorator(require_POST)
    def retire_view(self, request, pk: int):
        question = get_object_or_404(Question, pk=pk)
        if not may_retire(request.user):
            raise PermissionDenied
        if retiring.retire(Question.objects.filter(pk=pk)):
            self.message_user(request, _("“%(question)s” is retired.") % {"question": question})
        return HttpResponseRedirect(reverse("admin:library_question_change", args=[pk]))

    @admin.action(description=_("Retire selected questions (kept for learners' history)"), permissions=["publish"])
    def retire(self, request, queryset):
        n = retiring.retire(queryset)
        self.message_user(request, ngettext("%(n)d question retired.", "%(n)d questions retired.", n) % {"n": n})

    @admin.action(description=_("Restore selected retired questions (back to review)"), permissions=["publish"])
    def restore(self, request, queryset):
        n = retiring.restore(queryset)
        message = ngettext("%(n)d question restored to review.", "%(n)d questions restored to review.", n)
        self.message_user(request, message % {"n": n})

    def response_change(self, request, obj: Question):
        # After the choices are saved too (save_related): a corrected key offers the regrade at once.
        response = super().response_change(request, obj)  # its "changed successfully" comes first
        if note := item_statistics.regrade_note_after_save(obj, request.user):
            self.message_user(request, note, messages.WARNING)
        return response

    def save_model(self, request, obj: Question, form, change: bool) -> None:
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send selected drafts to review"), permissions=["change"])
    def send_to_review(self, request, queryset):
        if not may_publish(request.user):
            # An author sends only their own drafts (or unclaimed ones) on.
            queryset = queryset.filter(Q(author=request.user) | Q(author__isnull=True))
        n = queryset.send_to_review()
        self.message_user(
            request, ngettext("%(n)d question sent to review.", "%(n)d questions sent to review.", n) % {"n": n}
        )

    @admin.action(description=_("Publish selected questions"), permissions=["publish"])
    def publish(self, request, queryset):
        n = queryset.publish()
        self.message_user(request, ngettext("%(n)d question published.", "%(n)d questions published.", n) % {"n": n})

    @admin.action(description=_("Unpublish selected questions (back to review)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        n = queryset.unpublish()
        self.message_user(
            request, ngettext("%(n)d question unpublished.", "%(n)d questions unpublished.", n) % {"n": n}
        )
