"""One error format for the whole API: problem details (RFC 9457, application/problem+json).

Every refusal and every error the API answers with has the same shape:
`{"type", "title", "status", "detail"}`, plus `errors` for invalid input (a list of
`{"field", "message"}`), so a client needs one error path. Titles and details are translated
(the request's Accept-Language, as on the pages); `type` is a stable URI per kind of problem,
the anchor of its explanation on the documentation page (`/api/v1/docs#problem-not-found`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

#: Service errors that mean "the state does not allow this", not "your input is wrong".
CONFLICT_CODES = frozenset({"already_voted", "change_code"})


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem (status, kind, detail)."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str = "",
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail or kind)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


#: The HTTP status of each kind of problem.
PROBLEM_STATUS = {
    "bad-request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "read-only": 403,
    "not-found": 404,
    "method-not-allowed": 405,
    "conflict": 409,
    "validation": 422,
    "rate-limited": 429,
    "server-error": 500,
}


def problem_type(kind: str) -> str:
    """The problem's `type`: a relative URI of its explanation on the documentation page."""
    return f"{reverse('api_v1:openapi-view')}#problem-{kind}"


def titles() -> dict[str, str]:
    return {
        "bad-request": _("Bad request"),
        "unauthorized": _("Authentication required"),
        "forbidden": _("Not allowed"),
        "read-only": _("Read-only token"),
        "not-found": _("Not found"),
        "method-not-allowed": _("Method not allowed"),
        "conflict": _("Conflict"),
        "validation": _("Invalid input"),
        "rate-limited": _("Too many requests"),
        "server-error": _("Internal error"),
    }


def problem_response(
    status: int,
    kind: str,
    detail: str = "",
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": problem_type(kind),
        "title": titles().get(kind, kind),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=f"{MEDIA_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def service_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """A service's ValidationError as [{field, message}] (translated, as the pages show them)."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if name == NON_FIELD_ERRORS else name, "message": str(message)}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": str(message)} for message in exc.messages]


def _codes(exc: DjangoValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors if e.code}
    return {e.code for e in exc.error_list if e.code}


# ---- the handlers NinjaAPI calls --------------------------------------------------------------


def on_problem(request, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        exc.status, exc.kind, exc.detail, errors=exc.errors, headers=exc.headers
    )


def on_authentication(request, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        401,
        "unauthorized",
        _("Send a valid API token: Authorization: Bearer <token>."),
        headers={"WWW-Authenticate": 'Bearer realm="vereinsforum"'},
    )


def on_not_found(request, exc: Http404) -> HttpResponse:
    return problem_response(404, "not-found", _("There is nothing here, or not for you."))


def on_permission_denied(request, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) if exc.args else _("Your account may not do this.")
    return problem_response(403, "forbidden", detail)


def on_service_error(request, exc: DjangoValidationError) -> HttpResponse:
    errors = service_errors(exc)
    detail = " ".join(e["message"] for e in errors)
    if _codes(exc) & CONFLICT_CODES:
        return problem_response(409, "conflict", detail, errors=errors)
    return problem_response(422, "validation", detail, errors=errors)


def on_integrity_error(request, exc: IntegrityError) -> HttpResponse:
    return problem_response(
        409, "conflict", _("This conflicts with data that has been saved in the meantime.")
    )


def on_input_error(request, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("body", <the parameter's name>, field, …) or ("query" | "path", name): the field.
        loc = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        errors.append({"field": ".".join(loc), "message": str(error.get("msg", ""))})
    return problem_response(
        422, "validation", _("The request does not have the expected shape."), errors=errors
    )


def on_http_error(request, exc: HttpError) -> HttpResponse:
    kinds = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found"}
    kinds |= {405: "method-not-allowed", 409: "conflict", 422: "validation", 429: "rate-limited"}
    return problem_response(exc.status_code, kinds.get(exc.status_code, "bad-request"), str(exc))


def on_error(request, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    logger.exception("API error on %s %s", request.method, request.path)
    return problem_response(500, "server-error", _("Something went wrong on our side."))


#: The handler per exception class; each takes its own class (Any: one tuple holds them all).
HANDLERS: tuple[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]], ...] = (
    (Exception, on_error),
    (ApiProblem, on_problem),
    (AuthenticationError, on_authentication),
    (Http404, on_not_found),
    (PermissionDenied, on_permission_denied),
    (DjangoValidationError, on_service_error),
    (IntegrityError, on_integrity_error),
    (NinjaValidationError, on_input_error),
    (HttpError, on_http_error),
)
