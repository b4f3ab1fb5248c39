"""Error pages that need nothing from the database, so they work when the database does not."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from quizapp.params import BadParameter

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Redis (the shared cache) gone or not answering within its socket timeouts. Log-in limits and API
# rates count there: they fail closed, with a 503 like the database's.
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a parameter we refused (quizapp/params.py) says which and why; anything else Django
    refused as malformed gets a general sentence. JSON under /api/, a small page elsewhere."""
    if isinstance(exception, BadParameter):
        message = str(exception.args[0])
    else:
        message = gettext("The request could not be understood; please check the address or the form.")
    if _wants_json(request):
        return JsonResponse(
            {"error": message, "code": "invalid"}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(render_to_string("400.html", {"message": message}, request=None), status=400)


def too_many_requests(wait: int, message: str) -> HttpResponse:
    """A page's 429 (accounts/throttle.py counted the request over its limit): what and how long to wait."""
    context = {"title": gettext("Too many requests"), "message": message}
    response = HttpResponse(render_to_string("400.html", context, request=None), status=429)
    response["Retry-After"] = str(wait)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database or cache outage becomes a friendly 503 that asks to retry; the rest a plain 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS + CACHE_ERRORS):
        if isinstance(exc, DATABASE_ERRORS):
            # Drop broken connections now, so the next request opens a fresh one when the database is back.
            for conn in connections.all(initialized_only=True):
                conn.close_if_unusable_or_obsolete()
        part = "database" if isinstance(exc, DATABASE_ERRORS) else "cache"
        message = f"The service is briefly unavailable (its {part} cannot be reached). Please try again shortly."
        if _wants_json(request):
            response = JsonResponse({"error": message}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    if _wants_json(request):
        return JsonResponse({"error": "Something went wrong on our side; it has been logged."}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
