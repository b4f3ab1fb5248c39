from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from quizapp.admin_site import AnyScriptSearch
from quizapp.library.permissions import QUIZZES_FOR_EDITORS, may_change_quizzes
from quizapp.quizzes.models import Attempt, Quiz, QuizItem


class EditorsChangeQuizzes:
    """Authors see quizzes but never change them (issue 19.4): pass mark, time limit and mode are live."""

    def has_add_permission(self, request, *args):
        return may_change_quizzes(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return may_change_quizzes(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_change_quizzes(request.user) and super().has_delete_permission(request, obj)


class QuizItemInline(EditorsChangeQuizzes, admin.TabularInline):
    model = QuizItem
    autocomplete_fields = ["question"]
    extra = 1


@admin.register(Quiz)
class QuizAdmin(EditorsChangeQuizzes, AnyScriptSearch, admin.ModelAdmin):
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and not may_change_quizzes(request.user):
            self.message_user(request, QUIZZES_FOR_EDITORS, messages.INFO)  # why the form is read-only
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "learner", "started_at", "position", "score", "finished_at"]
    list_select_related = ["quiz", "learner__user"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False
