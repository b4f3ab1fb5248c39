"""One shape for every API error, and its place in the OpenAPI schema.

    {"error": "prompt: Write the prompt the learner will see.", "code": "invalid",
     "fields": {"prompt": ["Write the prompt the learner will see."]}}

`error` is always there and reads as a sentence; `fields` only when input was wrong, keyed by
the field (nested ones as `choices.1.text`); `retry_after` (seconds) only on 429.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

MAX_MESSAGES_IN_SUMMARY = 3


class Conflict(exceptions.APIException):
    """The request is well formed but the object's state refuses it (a finished attempt, …)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of this object.")
    default_code = "conflict"


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field.sub.0": ["message", …]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix: [str(item) for item in detail]} if detail else {}
        out = {}
        for index, item in enumerate(detail):
            for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                out.setdefault(field, []).extend(messages)
        return out
    return {prefix: [str(detail)]}


def _summary(fields: dict[str, list[str]]) -> str:
    parts = []
    for field, messages in fields.items():
        for message in messages:
            parts.append(message if field in ("", "non_field_errors") else f"{field}: {message}")
    shown = "; ".join(parts[:MAX_MESSAGES_IN_SUMMARY])
    more = len(parts) - MAX_MESSAGES_IN_SUMMARY
    return f"{shown} (and {more} more)" if more > 0 else shown


def error_body(exc: exceptions.APIException) -> dict:
    code = exc.default_code if not isinstance(exc.detail, str) else getattr(exc.detail, "code", exc.default_code)
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if list(fields) == [""]:  # a bare message, not tied to a field
            return {"error": _summary(fields), "code": "invalid"}
        body = {"error": _summary(fields) or str(exc.default_detail), "code": "invalid"}
        fields = {k: v for k, v in fields.items() if k not in ("", "non_field_errors")}
        if fields:
            body["fields"] = fields
        return body
    if isinstance(exc.detail, dict | list):
        return {"error": _summary(_flatten(exc.detail)), "code": code or "error"}
    body = {"error": str(exc.detail), "code": code or "error"}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = math.ceil(exc.wait)
    return body


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):  # a model's clean() reached by the API: still the client's input
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if not isinstance(exc, exceptions.APIException):  # Http404 / PermissionDenied, converted by DRF
        exc = (exceptions.NotFound if response.status_code == 404 else exceptions.PermissionDenied)(*exc.args)
    response.data = error_body(exc)
    request = context.get("request")
    if request is not None:
        # Errors are JSON whatever the client asked for (an .apkg download's 404 too).
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    return response


@csrf_exempt  # it changes nothing, and a CSRF failure page would be HTML
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any /api/v1/ URL no endpoint answers: a JSON 404 rather than the site's HTML page."""
    return JsonResponse(
        {"error": "No API endpoint at this URL. API URLs end with a slash; see /api/docs/.", "code": "not_found"},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


# ---------------------------------------------------------------- schema


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="What went wrong, as a sentence for a person.")
    code = serializers.CharField(help_text="A stable machine-readable code: invalid, not_found, conflict, …")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per-field messages when the input was wrong; nested fields as `choices.1.text`.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="429 only: seconds to wait.")


ERROR_DESCRIPTIONS = {
    400: "The input is not valid; `fields` says which field and why.",
    401: "The token or credentials are not valid, or this needs a signed-in user.",
    403: "Not allowed for this user (authoring needs the Authors or Editors group; publishing needs Editors), "
    "or a session-cookie request without its CSRF token.",
    404: "No such object for this user (someone else's attempt or card is 404 too), or no such page.",
    409: "The object's state refuses the request (finished or expired attempt, empty quiz, …).",
    415: "The request body's content type is not supported; send JSON.",
    429: "Too many requests; wait `retry_after` seconds (also in the Retry-After header).",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses for an operation; 401 and 429 can happen to every request."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in sorted({*codes, 401, 429})
    }
