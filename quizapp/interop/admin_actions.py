"""Admin actions on the question list: export the selection (or the filtered list) in a format."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quizapp.interop.views import download_response


def _export_action(fmt: str, label):
    def action(modeladmin, request, queryset):
        return download_response(queryset.model.objects.filter(pk__in=queryset.values("pk")), fmt, "quizapp-questions")

    action.__name__ = f"export_{fmt}"
    return admin.action(description=label)(action)


EXPORT_ACTIONS = [
    _export_action("moodle", _("Export as Moodle XML")),
    _export_action("gift", _("Export as GIFT")),
    _export_action("csv", _("Export as CSV")),
    _export_action("xlsx", _("Export as Excel (.xlsx)")),
]
