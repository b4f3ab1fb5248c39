"""What every API view shares: how a request is authenticated, and how query parameters are read.

Query parameters are checked here, so a bad value is a 400 that names the parameter, never a
database error: ids are bounded to what a 64-bit column holds, text may not carry NUL characters
(PostgreSQL refuses them), and choices must be one of the documented values.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request

MAX_ID = 2**63 - 1
ID_PATTERN = r"[0-9]{1,18}"  # any such number fits a 64-bit id column; others are a JSON 404
SLUG_PATTERN = r"[-a-zA-Z0-9_]{1,80}"


class LearnerSessionAuthentication(SessionAuthentication):
    """The browser's session cookie. Unlike DRF's own class it also checks CSRF for anonymous
    learners who have a session: that cookie is who they are, so a forged cross-site POST would
    otherwise answer or rate as them."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if (
            result is None
            and request.method not in permissions.SAFE_METHODS
            and settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            self.enforce_csrf(request)
        return result


class ApiViewMixin:
    # Token first, so a request without credentials where they are needed gets 401 + WWW-Authenticate.
    authentication_classes = [TokenAuthentication, LearnerSessionAuthentication]
    parser_classes = [JSONParser, FormParser]


class AuthoringPermission(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writing needs the model's add/change permission (the Authors and Editors groups)."""

    message = "Writing facts and questions needs an account in the Authors or Editors group."


def _raw(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if "\x00" in value:
        raise ValidationError({name: ["Must not contain NUL characters."]})
    return value


def query_int(request: Request, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    value = _raw(request, name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise ValidationError({name: [f"Must be a whole number from {minimum} to {maximum}."]})
    return int(value)


def query_choice(request: Request, name: str, choices: Iterable[str]) -> str | None:
    value = _raw(request, name)
    choices = list(choices)
    if value is not None and value not in choices:
        raise ValidationError({name: [f"Unknown value {value!r}; use one of: {', '.join(choices)}."]})
    return value


def query_text(request: Request, name: str, *, max_length: int = 100) -> str | None:
    value = _raw(request, name)
    if value is not None and len(value) > max_length:
        raise ValidationError({name: [f"Must be at most {max_length} characters."]})
    if value is None:
        return None
    return value.strip() or None


# ---------------------------------------------------------------- schema


class LearnerSessionScheme(OpenApiAuthenticationExtension):
    target_class = "quizapp.api_base.LearnerSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The browser's session. Unsafe methods also need the X-CSRFToken header "
            "(GET /api/v1/auth/csrf/ gives the token).",
        }


def id_parameter(name: str, description: str) -> OpenApiParameter:
    schema = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
    return OpenApiParameter(name, schema, description=description)


def text_parameter(name: str, description: str, *, max_length: int = 100) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "maxLength": max_length}, description=description)


def choice_parameter(name: str, choices: Iterable[str], description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, enum=list(choices), description=description)
