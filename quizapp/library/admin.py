from __future__ import annotations

from django.contrib import admin

from quizapp.library.models import Article, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source_file", "script", "published_on", "publisher"]
    list_filter = ["script", "tags"]
    search_fields = ["title", "author", "publisher", "source_file"]
    readonly_fields = ["source_file", "script", "truncated", "content_hash", "imported_at", "updated_at", "body"]
    filter_horizontal = ["tags"]
    fieldsets = [
        (None, {"fields": ["title", "title_is_provisional", "author", "byline", "publisher", "published_on"]}),
        ("Source", {"fields": ["source_url", "source_file", "content_hash", "script", "truncated", "tags"]}),
        ("Text", {"classes": ["collapse"], "fields": ["body", "imported_at", "updated_at"]}),
    ]

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
