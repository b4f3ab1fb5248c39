"""API authentication: a token for a username and password, and the CSRF token for session users.

Getting a token is throttled like the log-in page, and shares its counters: after five failures
for one account or from one address, both refuse for fifteen minutes.
"""

from __future__ import annotations

import re

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.accounts.views import MAX_FAILURES, WINDOW_SECONDS
from quizapp.api_base import ApiViewMixin
from quizapp.api_errors import error_responses


USERNAME = re.compile(r"[\w.@+-]+")  # what UnicodeUsernameValidator allows


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class CsrfSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(help_text="Send as the X-CSRFToken header with the session cookie.")


def _failure_keys(request: Request, username: str) -> list[str]:
    """The log-in page's keys (accounts.views), so the two share one budget of guesses. A name no
    account can have (spaces, control characters) only counts against the address: it would make
    an invalid cache key, and there is no account to protect."""
    keys = [f"login-fail:ip:{request.META.get('REMOTE_ADDR', 'unknown')}"]
    name = username.strip().lower()[:150]
    if USERNAME.fullmatch(name):
        keys.append(f"login-fail:user:{name}")
    return keys


def _count_failure(keys: list[str]) -> None:
    for key in keys:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)


class TokenView(ApiViewMixin, APIView):
    def get_permissions(self) -> list:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        summary="Get an API token",
        description="The same token is returned until it is revoked. Five failed tries for an account or from "
        "an address lock both out for 15 minutes (429), as the log-in page does.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403, 415)},
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        username, password = body.validated_data["username"], body.validated_data["password"]
        keys = _failure_keys(request, username)
        if any((cache.get(key) or 0) >= MAX_FAILURES for key in keys):
            raise Throttled(wait=WINDOW_SECONDS, detail="Too many failed log-ins. Wait 15 minutes and try again.")
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            _count_failure(keys)
            raise ValidationError("Unable to log in with this username and password.")
        cache.delete_many(keys[1:])
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        summary="Revoke my API token",
        request=None,
        responses={204: OpenApiResponse(description="The token no longer works."), **error_responses(403)},
    )
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=204)


class CsrfView(ApiViewMixin, APIView):
    @extend_schema(
        summary="The CSRF token for session-cookie clients",
        description="Anonymous learners use the API with the session cookie, like the browser; their POSTs "
        "need this token in the X-CSRFToken header. Token clients never need it.",
        responses={200: CsrfSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})
