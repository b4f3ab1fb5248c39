from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quizapp.admin_site import AnyScriptSearch
from quizapp.quizzes.models import Attempt, Quiz, QuizItem


class QuizItemInline(admin.TabularInline):
    model = QuizItem
    autocomplete_fields = ["question"]
    extra = 1


@admin.register(Quiz)
class QuizAdmin(AnyScriptSearch, admin.ModelAdmin):
    list_display = ["title", "slug", "rule", "mode", "question_count", "pass_mark", "is_automatic"]
    list_filter = ["rule", "mode", "is_automatic"]
    search_fields = ["title", "slug", "description"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuizItemInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description"]}),
        (_("Which questions"), {"fields": ["rule", "article", "tag", "question_count"],
                                "description": _("A curated quiz uses the list below; the others draw from a rule.")}),
        (_("Settings"), {"fields": ["mode", "time_limit_minutes", "shuffle_questions", "shuffle_choices", "pass_mark", "scoring"]}),  # noqa: E501
    ]  # fmt: skip


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "learner", "started_at", "position", "score", "finished_at"]
    list_select_related = ["quiz", "learner__user"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False
