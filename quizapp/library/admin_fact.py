"""The fact pages of the admin: drift state, suggestions, the questions of a fact."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.roles import Perm
from quizapp.admin_site import AnyScriptSearch, CountedPageChangeList
from quizapp.library.admin_forms import FactForm
from quizapp.library.models import Article, Drift, Fact, Question
from quizapp.library.permissions import FACT_IN_USE, may_change_fact
from quizapp.library.review_admin import ReviewHistoryAdmin
from quizapp.library.suggest import suggest
from quizapp.library.suggest.accepting import accept, shown


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
    """Filter by article, listing the articles without reading their bodies.

    The sidebar lists at most LISTED articles (the newest, and the chosen one): with hundreds of
    articles a list of links is neither readable nor cheap (16 ms of a 100 ms page at 500). Every
    article page links to its own questions ("Questions of this article"), which is this filter."""

    LISTED = 30

    def field_choices(self, field, request, model_admin):
        articles = Article.objects.order_by("-pk").values_list("pk", "title")
        shown = list(articles[: self.LISTED])
        chosen = self.lookup_val[0] if self.lookup_val else None
        if chosen and chosen.isdigit() and all(str(pk) != chosen for pk, _ in shown):
            shown += list(articles.filter(pk=int(chosen)))
        return sorted(shown, key=lambda row: row[1])


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
class FactAdmin(AnyScriptSearch, ReviewHistoryAdmin):  # history in labels (drift)
    form = FactForm
    change_form_template = "admin/library/fact/change_form.html"
    list_display = ["__str__", "article", "paragraph", "drift", "question_count", "has_erratum"]
    list_filter = [DriftFilter, ("article", ArticleFilter), "tags"]
    search_fields = ["quote", "restatement", "erratum"]
    ordering = ["-pk"]  # from the primary key's index; Meta.ordering sorts by article, which joins it
    show_full_result_count = False
    autocomplete_fields = ["tags"]
    readonly_fields = ["context", "drift_note"]
    fields = ["article", "quote", "occurrence", "paragraph_hint", "context", "restatement", "tags", "erratum"]
    inlines = [QuestionInline]

    page_counts = {"n_questions": Count("questions")}

    def get_queryset(self, request):
        return super().get_queryset(request).with_source()

    def get_changelist(self, request: HttpRequest, **kwargs):
        return CountedPageChangeList

    @admin.display(description=_("questions"))  # counted for the page only (CountedPageChangeList): not sortable
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
            if request.method == "GET" and not self.has_change_permission(request, fact):
                self.message_user(request, FACT_IN_USE, messages.INFO)  # why the form is read-only
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_change_fact(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

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
