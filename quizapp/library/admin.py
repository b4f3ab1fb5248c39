from __future__ import annotations

from django.contrib import admin

from quizapp.admin_site import AnyScriptSearch
from quizapp.library.models import Tag


@admin.register(Tag)
class TagAdmin(AnyScriptSearch, admin.ModelAdmin):
    search_fields = ["name"]


# Each model's admin lives in its own module; importing them registers them.
from quizapp.library import admin_article, admin_fact, admin_question  # noqa: E402, F401
