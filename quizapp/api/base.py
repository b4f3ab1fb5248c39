"""What every API view shares: how a request is authenticated, and how query parameters are read.

Query parameters are checked here, so a bad value is a 400 that names the parameter, never a
database error: ids are bounded to what a 64-bit column holds, text may not carry NUL characters
(PostgreSQL refuses them), and choices must be one of the documented values.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import mixins, permissions, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request

from quizapp.accounts.tokens import ExpiringTokenAuthentication
from quizapp.params import MAX_ID, BadParameter, whole_number

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


class KeysetPagination(CursorPagination):
    """Pages in id order that start after the last id seen: a deep page costs what the first does."""

    ordering = "pk"

    def decode_cursor(self, request: Request):
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor else None
        if position is not None and not (position.isascii() and position.isdigit() and int(position) <= MAX_ID):
            raise NotFound(self.invalid_cursor_message)  # an id is compared with the id column
        return cursor


class ApiPagination(PageNumberPagination):
    """`?page=N` (with a count) to browse; `?cursor=` (empty for the first page, then each response's
    `next`) to walk a whole list: OFFSET reads and drops every row before a deep page, the cursor starts
    from the last id seen (issue 18). A cursor page has no `count`."""

    cursor_query_param = "cursor"
    keyset: KeysetPagination | None = None

    def paginate_queryset(self, queryset, request: Request, view=None):
        if self.cursor_query_param in request.query_params:
            if self.page_query_param in request.query_params:  # which one would it be? Say so, not guess.
                raise NotFound(_("Give a page or a cursor, not both."))  # 404, as for a page that is not there
            self.keyset = KeysetPagination()
            return self.keyset.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.keyset.get_paginated_response(data) if self.keyset else super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = "Absent from a cursor page."
        return {**described, "required": ["results"]}

    def get_schema_operation_parameters(self, view) -> list[dict]:
        cursor = {
            "name": self.cursor_query_param, "required": False, "in": "query", "schema": {"type": "string"},
            "description": "Walk the whole list in id order: empty for the first page, then the `next` link's value. "
            "Deep pages cost what the first does; a cursor page has no count.",
        }  # fmt: skip
        return [*super().get_schema_operation_parameters(view), cursor]

    def get_page_number(self, request: Request, paginator) -> str:
        number = request.query_params.get(self.page_query_param)
        if number == "":  # DRF reads an empty page as page 1; it is not a page number
            raise NotFound(self.invalid_page_message.format(page_number=number, message="empty"))
        return super().get_page_number(request, paginator)


class ApiMetadata(SimpleMetadata):
    """OPTIONS says what a URL renders and parses; it does not describe serializers (the schema does)."""

    def determine_actions(self, request: Request, view) -> dict:
        return {}


class ApiAutoSchema(AutoSchema):
    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        example = getattr(self.view, "lookup_example", None)
        for parameter in parameters:
            if example and parameter["name"] == self.view.lookup_field:
                parameter["example"] = example  # a real one, so docs and the fuzz test reach a real object
        return parameters

    def get_auth(self) -> list:
        auths = super().get_auth()
        permission = [type(p) for p in self.view.get_permissions()]
        anonymous_reads = permissions.DjangoModelPermissionsOrAnonReadOnly
        if (
            {} not in auths
            and self.method in permissions.SAFE_METHODS
            and any(issubclass(p, anonymous_reads) for p in permission)
        ):
            auths.append({})  # anyone may read; credentials only change what is shown
        return auths


class ApiViewMixin:
    # Token first, so a request without credentials where they are needed gets 401 + WWW-Authenticate.
    authentication_classes = [ExpiringTokenAuthentication, LearnerSessionAuthentication]
    parser_classes = [JSONParser, FormParser]
    pagination_class = ApiPagination
    metadata_class = ApiMetadata
    schema = ApiAutoSchema()

    def check_lookup(self, value: str) -> None:
        """Raise Http404 for a lookup value that cannot name an object (see IdLookupMixin)."""

    def get_object(self):
        try:
            self.check_lookup(str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")))
            return super().get_object()
        except Http404:
            # Not Django's "No Attempt matches the given query.": the same words whether it is missing or not yours.
            name = self.get_queryset().model._meta.verbose_name
            raise NotFound(_("No such %(thing)s.") % {"thing": name}) from None

    def initial(self, request: Request, *args, **kwargs) -> None:
        # DRF authenticates before it looks for a handler; a method we never offer is 405 for everyone.
        method = request.method.lower()
        if method not in self.http_method_names or getattr(self, method, None) is None:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class IdLookupMixin:
    """Look objects up by an id that fits the id column; any other value is a 404, not a database error."""

    def check_lookup(self, value: str) -> None:
        if not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID):
            raise Http404


class RecordViewSet(
    IdLookupMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Records addressed by id that callers list, read and create (attempts, facts, questions)."""


class EditableRecordViewSet(mixins.UpdateModelMixin, RecordViewSet):
    """Records that their authors also edit."""


class AuthoringPermission(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writing needs the model's add/change permission (the Authors and Editors groups)."""

    message = "Writing facts and questions needs an account in the Authors or Editors group."


def _raw(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if "\x00" in value:
        raise ValidationError({name: ["Must not contain NUL characters."]})
    return value


def query_int(request: Request, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    value = _raw(request, name)
    if value is None:
        return None
    try:
        return whole_number(value, name, minimum=minimum, maximum=maximum)
    except BadParameter as exc:  # the same rule as the pages', in the API's 400 shape
        raise ValidationError({name: [str(exc.args[0])]}) from None


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
    target_class = "quizapp.api.base.LearnerSessionAuthentication"
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
