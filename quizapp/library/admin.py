from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from quizapp.accounts.roles import Perm
from quizapp.admin_site import AnyScriptSearch, AuthorFilter
from quizapp.interop.admin_actions import EXPORT_ACTIONS
from quizapp.library import item_statistics
from quizapp.library.admin_forms import ChoiceFormSet, FactForm, QuestionForm
from quizapp.library.article_text import article_text_view
from quizapp.library.coverage import article_coverage
from quizapp.library.models import Article, Choice, Drift, Fact, Question, Tag
from quizapp.library.permissions import may_change, may_delete, may_publish, settable_statuses
from quizapp.library.review_admin import return_to_author, returned_because
from quizapp.library.suggest import suggest
from quizapp.library.suggest.accepting import accept, shown


@admin.register(Tag)
class TagAdmin(AnyScriptSearch, admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(AnyScriptSearch, SimpleHistoryAdmin):
    change_form_template = "admin/library/article/change_form.html"
    list_display = ["title", "source_file", "script", "published_on", "fact_count", "question_count"]
    list_filter = ["script", "tags"]
    search_fields = ["title", "author", "publisher", "source_file"]
    readonly_fields = ["source_file", "uuid", "script", "truncated", "content_hash", "imported_at", "updated_at"]
    filter_horizontal = ["tags"]
    fieldsets = [
        (None, {"fields": ["title", "title_is_provisional", "author", "byline", "publisher", "published_on"]}),
        (
            _("Source"),
            {
                "classes": ["collapse"],
                "fields": ["source_url", "source_file", "uuid", "content_hash", "script", "truncated", "tags"],
            },
        ),  # noqa: E501
    ]

    def get_queryset(self, request):
        # The list never shows the body; the change page reads it once, for the coverage map.
        return (
            super()
            .get_queryset(request)
            .listed()
            .annotate(n_facts=Count("facts", distinct=True), n_questions=Count("facts__questions", distinct=True))
        )

    @admin.display(description=_("facts"), ordering="n_facts")
    def fact_count(self, obj):
        return obj.n_facts

    def add_view(self, request, form_url="", extra_context=None):
        # An article is its text: it comes in through the importer's parser, never as an empty form.
        if not self.has_add_permission(request):
            raise PermissionDenied
        return article_text_view(request, self.admin_site)

    def get_urls(self):
        replace = self.admin_site.admin_view(self.replace_text)
        return [path("<int:pk>/replace/", replace, name="library_article_replace"), *super().get_urls()]

    def replace_text(self, request: HttpRequest, pk: int):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article_text_view(request, self.admin_site, article)

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, obj):
        return obj.n_questions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = {"coverage": article_coverage(article), **item_statistics.article_context(article)} if article else {}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        # Whatever an editor corrects here wins over the file on the next import.
        edited = set(obj.edited_fields) | (set(form.changed_data) & set(Article.METADATA_FIELDS))
        if "title" in form.changed_data:
            obj.title_is_provisional = False
        obj.edited_fields = sorted(edited)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if "tags" in form.changed_data and "tags" not in form.instance.edited_fields:
            form.instance.edited_fields = sorted([*form.instance.edited_fields, "tags"])
            form.instance.save(update_fields=["edited_fields"])


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["type", "status", "difficulty"]  # the change link already shows the prompt
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ArticleFilter(admin.RelatedFieldListFilter):
    """Filter by article, listing the articles without reading their bodies."""

    def field_choices(self, field, request, model_admin):
        return list(Article.objects.values_list("pk", "title"))


class DriftFilter(admin.SimpleListFilter):
    title = _("source drift")
    parameter_name = "drift"

    def lookups(self, request, model_admin):
        return Drift.choices

    def queryset(self, request, queryset):
        return queryset.filter(drift=self.value()) if self.value() else queryset


class ReanchoringFilter(admin.SimpleListFilter):
    """Questions withdrawn from learners because a re-import lost their fact's quote."""

    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("reanchor", _("needs re-anchoring"))]

    def queryset(self, request, queryset):
        return queryset.needing_reanchoring() if self.value() == "reanchor" else queryset


@admin.register(Fact)
class FactAdmin(AnyScriptSearch, SimpleHistoryAdmin):
    form = FactForm
    change_form_template = "admin/library/fact/change_form.html"
    list_display = ["__str__", "article", "paragraph", "drift", "question_count", "has_erratum"]
    list_filter = [DriftFilter, ("article", ArticleFilter), "tags"]
    search_fields = ["quote", "restatement", "erratum"]
    autocomplete_fields = ["tags"]
    readonly_fields = ["context", "drift_note"]
    fields = ["article", "quote", "occurrence", "paragraph_hint", "context", "restatement", "tags", "erratum"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_source().annotate(n_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, obj):
        return obj.n_questions

    @admin.display(description=_("erratum"), boolean=True)
    def has_erratum(self, obj):
        return bool(obj.erratum)

    @admin.display(description=_("in context"))
    def context(self, obj: Fact):
        if not obj.pk:
            return _("Saved facts show their paragraph here, with the quote highlighted.")
        para = obj.article.paragraphs.filter(number=obj.paragraph).first()
        if para is None:
            return "—"
        a, b = obj.start - para.start, obj.end - para.start
        drift = format_html('<p class="errornote">{}</p>', obj.drift_note) if obj.drift == Drift.FLAGGED else ""
        return format_html(
            '{}<p class="authoring-context">¶{} {}<mark>{}</mark>{} <a href="{}">{} ↗</a></p>',
            drift, para.number, para.text[:a], para.text[a:b], para.text[b:], obj.source_url(), _("reader"),
        )  # fmt: skip

    def get_urls(self):
        return [
            path("<int:pk>/suggest/", self.admin_site.admin_view(self.accept_suggestion), name="library_fact_suggest"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        fact = self.get_object(request, object_id)
        extra = {}
        if fact:
            corpus = list(Fact.objects.with_source().exclude(pk=fact.pk))
            extra["suggestions"] = suggest(fact, corpus)
            extra["suggestion_groups"] = shown(fact, extra["suggestions"])
            extra["can_add_question"] = request.user.has_perm(Perm.ADD_QUESTION)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def accept_suggestion(self, request: HttpRequest, pk: int):
        """Turn one suggestion into a draft question (never published) and open it for editing."""
        fact = get_object_or_404(Fact.objects.with_source(), pk=pk)
        back = reverse("admin:library_fact_change", args=[pk])
        if request.method != "POST" or not request.user.has_perm(Perm.ADD_QUESTION):
            return HttpResponseRedirect(back)
        corpus = list(Fact.objects.with_source().exclude(pk=fact.pk))
        chosen = next((s for s in suggest(fact, corpus) if s.key == request.POST.get("key")), None)
        if chosen is None:
            self.message_user(request, _("That suggestion has changed; look at the new list."), messages.WARNING)
            return HttpResponseRedirect(back)
        question, created = accept(fact, chosen, request.user)
        if created:
            self.message_user(request, _("Draft created from the suggestion. Edit it, then send it to review."))
        else:
            self.message_user(request, _("This suggestion was accepted already; here is its question."), messages.INFO)
        return HttpResponseRedirect(reverse("admin:library_question_change", args=[question.pk]))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["order", "text", "is_correct", "feedback"]
    extra = 0
    classes = ["choices-inline"]


@admin.register(Question)
class QuestionAdmin(AnyScriptSearch, SimpleHistoryAdmin):
    form = QuestionForm
    inlines = [ChoiceInline]
    list_display = [
        "__str__", "type", "status", "source", "difficulty", "article", "author", "updated_at",
        *item_statistics.COLUMNS,  # read for the whole page at once by StatisticsChangeList
    ]  # fmt: skip
    list_filter = [
        "type", "status", ReanchoringFilter, "anchored", ("fact__article", ArticleFilter), "tags",
        ("author", AuthorFilter), "difficulty", item_statistics.NeedsAttentionFilter,
    ]  # fmt: skip
    list_select_related = ["author"]  # and the source, from get_queryset
    search_fields = ["prompt", "explanation", "fact__quote", "uuid"]
    autocomplete_fields = ["fact", "tags"]
    readonly_fields = ["preview", "uuid", "author", "created_at", "updated_at"]
    actions = ["send_to_review", "publish", "unpublish", return_to_author, *EXPORT_ACTIONS]
    fieldsets = [
        (None, {"fields": ["fact", "anchored", "type", "status", "difficulty", "prompt", "tags"]}),
        (_("True / false"), {"classes": ["qtype", "qtype-true_false"], "fields": ["answer_bool"]}),
        (_("Short answer"), {"classes": ["qtype", "qtype-short_answer"], "fields": ["accepted_answers"]}),
        (
            _("Numeric"),
            {"classes": ["qtype", "qtype-numeric"], "fields": ["numeric_value", "numeric_tolerance", "numeric_unit"]},
        ),  # noqa: E501
        (None, {"fields": ["explanation"]}),
        (_("Preview"), {"fields": ["preview"]}),
        (_("Record"), {"classes": ["collapse"], "fields": ["uuid", "author", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["authoring/question_form.js"]
        css = {"all": ["authoring/authoring.css"]}

    @admin.display(description=_("article"), ordering="fact__article")
    def article(self, obj):
        return obj.fact.article.source_file[:3]

    @admin.display(description=_("source"))
    def source(self, obj: Question) -> str:
        # A published question on a flagged fact is out of learners' sight although its status says published.
        return _("needs re-anchoring") if obj.fact.drift == Drift.FLAGGED else "✓"

    @admin.display(description=_("as the learner sees it"))
    def preview(self, obj: Question):
        if not obj.pk:
            return _("Save to see the preview.")
        return render_to_string("admin/library/question/preview.html", {"q": obj})

    def get_queryset(self, request):
        return super().get_queryset(request).with_source()

    def get_changelist(self, request, **kwargs):
        return item_statistics.StatisticsChangeList

    def get_urls(self):
        return [*item_statistics.admin_urls(self.admin_site.admin_view), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        extra = {
            **item_statistics.question_context(question, request.user),
            "returned_because": returned_because(question),
        }
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
            return may_delete(request.user, obj)
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

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
