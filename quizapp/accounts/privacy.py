"""Responses for one learner stay with that learner: `Cache-Control: private, no-store`.

A page or API answer built for a visitor the server knows — their session was read (anonymous
learners are their session, a logged-in user too) or the request carries a token — may hold their
attempts, answers and cards, so no shared cache (a proxy, a CDN) may keep it, and the browser keeps
no copy on disk once the learner logs out. Public responses that read no session (static files, which
WhiteNoise serves before this runs, /healthz) keep whatever caching they chose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def is_for_one_learner(request: HttpRequest) -> bool:
    """Whoever the visitor is can only be known from the session (which the logged-in user and the
    anonymous learner both live in) or a token; a response that read neither is the same for all."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.accessed) or "HTTP_AUTHORIZATION" in request.META


class PrivateResponsesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_for_one_learner(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
