"""The article pages of the admin: the text with its coverage, facts made from a selection."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from quizapp.admin_site import AnyScriptSearch, CountedPageChangeList
from quizapp.library import item_statistics
from quizapp.library.article_text import article_text_view
from quizapp.library.coverage import article_coverage
from quizapp.library.models import Article
from quizapp.library.review_admin import ReviewHistoryAdmin


@admin.register(Article)
class ArticleAdmin(AnyScriptSearch, ReviewHistoryAdmin):  # history in labels (script)
    change_form_template = "admin/library/article/change_form.html"
    list_display = ["title", "source_file", "script", "published_on", "fact_count", "question_count"]
    list_filter = ["script", "tags"]
    search_fields = ["title", "author", "publisher", "source_file"]
    show_full_result_count = False
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
        return super().get_queryset(request).listed()

    page_counts = {"n_facts": Count("facts", distinct=True), "n_questions": Count("facts__questions", distinct=True)}

    def get_changelist(self, request: HttpRequest, **kwargs):
        return CountedPageChangeList

    # The counts are not sortable: sorting by them would count every article again.
    @admin.display(description=_("facts"))
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

    @admin.display(description=_("questions"))
    def question_count(self, obj):
        return obj.n_questions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view: the form's own article, not a second read of it.
        if obj is not None and obj.pk:
            context.update(coverage=article_coverage(obj), **item_statistics.article_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

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
