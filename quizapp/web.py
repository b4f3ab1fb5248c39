"""Small HTTP helpers shared by the page views, the admin and the API: htmx typing, Vary, downloads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

APKG_MEDIA_TYPE = "application/apkg"


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, so `request.htmx` type-checks."""

    htmx: HtmxDetails


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark a response whose body depends on HX-Request, so no cache serves a fragment as a page."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def attachment_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Built fresh on every request from the current bank: never serve a stale copy without asking.
    response["Cache-Control"] = "no-cache"
    return response


def apkg_response(content: bytes, filename: str) -> HttpResponse:
    """An Anki package as a download (page, admin action and API alike)."""
    return attachment_response(content, filename, APKG_MEDIA_TYPE)
