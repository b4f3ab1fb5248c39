"""The admin's view of item statistics (issue 15), without the library importing where they come from.

The figures are read from learners' answers and reviews, which live in apps built on the library;
quizzes registers the provider (quizapp/stats) in its AppConfig.ready, as with revealed.py. Without
one, the columns stay empty and nothing needs attention.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from quizapp.library.models import Article, Question, Status


class Provider(Protocol):
    def for_questions(self, questions: list[Question]) -> dict[int, Any]:
        """Each question's statistics by id: objects with facility_text, discrimination_text and flag_labels."""

    def needing_attention(self, questions: QuerySet) -> QuerySet: ...

    def question_panel(self, question: Question, user) -> str: ...

    def regrade_note(self, question: Question, user, *, fresh: bool = False) -> str:
        """A line saying a regrade of learners' answers waits after a key change ("" when none does)."""

    def article_panel(self, article: Article) -> str: ...

    def admin_urls(self, admin_view) -> list: ...


_providers: list[Provider] = []


def register_item_statistics(provider: Provider) -> Provider:
    _providers[:] = [provider]
    return provider


def provider() -> Provider | None:
    return _providers[0] if _providers else None


class StatisticsChangeList(ChangeList):
    """The question list, with the statistics of the page's questions read in one go (not per row)."""

    def get_results(self, request) -> None:
        super().get_results(request)
        found = provider().for_questions(list(self.result_list)) if provider() else {}
        for question in self.result_list:
            question.item_stats = found.get(question.pk)


def _stat(question: Question, name: str) -> str:
    stats = getattr(question, "item_stats", None)
    return getattr(stats, name) if stats is not None else "—"


@admin.display(description=_("facility"))
def facility_column(question: Question) -> str:
    return _stat(question, "facility_text")


@admin.display(description=_("discrimination"))
def discrimination_column(question: Question) -> str:
    return _stat(question, "discrimination_text")


@admin.display(description=_("needs attention"))
def attention_column(question: Question) -> str:
    stats = getattr(question, "item_stats", None)
    labels = stats.flag_labels if stats is not None else []
    return format_html_join(", ", '<span class="stat-flag">{}</span>', ((label,) for label in labels)) or "—"


COLUMNS = [facility_column, discrimination_column, attention_column]


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = _("statistics")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("needs attention"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        # A retired question is served to nobody: its figures are history, not a call to act.
        queryset = queryset.exclude(status=Status.RETIRED)
        return provider().needing_attention(queryset) if provider() else queryset.none()


def question_context(question: Question | None, user) -> dict:
    """What the question's change page shows: the panel, and where its accept buttons post."""
    if question is None or question.pk is None or provider() is None:
        return {}
    return {
        "item_statistics": provider().question_panel(question, user),
        "regrade_note": provider().regrade_note(question, user),
        "item_statistics_accept_url": reverse("admin:library_question_accept_answer", args=[question.pk]),
    }


def regrade_note_after_save(question: Question, user) -> str:
    """The note again once the question and its choices are saved (the key may have just changed)."""
    return provider().regrade_note(question, user, fresh=True) if provider() else ""


def article_context(article: Article | None) -> dict:
    return {"item_statistics": provider().article_panel(article)} if article is not None and provider() else {}


def admin_urls(admin_view) -> list:
    return provider().admin_urls(admin_view) if provider() else []
