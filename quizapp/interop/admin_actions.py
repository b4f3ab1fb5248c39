"""Admin actions on the question list: export the selection (or the filtered list) in a format.

A selection is written in the request, so it is bounded: 1,000 questions took 0.4 s of CPU as GIFT
and 1.0 s as Excel at 500 articles / 50,000 questions (bench/RESULTS.md), so MAX_SELECTED keeps a
click near half a second. More than that (the whole bank ticked) is what the bank-wide export does,
built once by the worker: the message links to it.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizapp.interop.views import download_response

MAX_SELECTED = 500


def _export_action(fmt: str, label):
    def action(modeladmin, request, queryset):
        selected = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        if (count := selected.count()) > MAX_SELECTED:
            text = gettext(
                "%(count)d questions selected; an export from this list takes at most %(max)d. "
                "The whole bank is exported here:"
            ) % {"count": count, "max": MAX_SELECTED}
            url = reverse("interop:export", args=[fmt])
            modeladmin.message_user(request, format_html('{} <a href="{}">{}</a>', text, url, url), messages.WARNING)
            return None
        return download_response(selected, fmt, "quizapp-questions")

    action.__name__ = f"export_{fmt}"
    return admin.action(description=label)(action)


EXPORT_ACTIONS = [
    _export_action("moodle", _("Export as Moodle XML")),
    _export_action("gift", _("Export as GIFT")),
    _export_action("csv", _("Export as CSV")),
    _export_action("xlsx", _("Export as Excel (.xlsx)")),
]
