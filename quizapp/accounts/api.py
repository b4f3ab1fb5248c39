"""API authentication: a token for a username and password, and the CSRF token for session users.

Getting a token is throttled like the log-in page, and shares its counters (see accounts/throttle.py).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.accounts.throttle import WINDOW_SECONDS, client_address, give_back, take_guess
from quizapp.accounts.tokens import is_expired
from quizapp.api.base import ApiViewMixin
from quizapp.api.errors import error_responses


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class CsrfSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(help_text="Send as the X-CSRFToken header with the session cookie.")


class TokenView(ApiViewMixin, APIView):
    def get_permissions(self) -> list:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        summary="Get an API token",
        description="The same token is returned until it is revoked or expires (`API_TOKEN_TTL_DAYS`). "
        "Five failed tries for an account from one address, twenty from one address or a hundred for one "
        "account lock that out for 15 minutes (429), as the log-in page does.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403, 415)},
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        username, password = body.validated_data["username"], body.validated_data["password"]
        guess = take_guess(client_address(request), username)
        if not guess.allowed:
            raise Throttled(wait=WINDOW_SECONDS, detail="Too many failed log-ins. Wait 15 minutes and try again.")
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            raise ValidationError("Unable to log in with this username and password.")
        give_back(guess)
        token, _ = Token.objects.get_or_create(user=user)
        if is_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
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
