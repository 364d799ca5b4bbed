"""The HTTP envelope every OParl answer shares: JSON, CORS open to all, errors as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vereinsforum.oparl.listing import OparlError

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


def json_response(data: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body.encode("utf-8"), status=status, content_type="application/json")


def error_response(status: int, message: str, parameter: str | None = None) -> HttpResponse:
    error = {"status": status, "message": message}
    if parameter:
        error["parameter"] = parameter
    return json_response({"error": error}, status=status)


def with_cors(response: HttpResponse) -> HttpResponse:
    # OParl requires every response to be readable by browser clients on other origins.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def oparl_endpoint(view: Callable[..., HttpResponse | dict]) -> Callable[..., HttpResponse]:
    """GET only; a dict becomes the JSON answer.

    The content is German whatever the client's language (serializers use no translated
    labels); only error messages follow Accept-Language.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return with_cors(response)
        if request.method not in ALLOWED_METHODS:
            response = error_response(405, _("The OParl API is read-only: use GET."))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return with_cors(response)
        try:
            result = view(request, *args, **kwargs)
        except OparlError as exc:
            return with_cors(error_response(exc.status, exc.message, exc.parameter))
        except Http404:
            return with_cors(error_response(404, _("There is no OParl object at this URL.")))
        if isinstance(result, dict):
            result = json_response(result)
        return with_cors(result)

    return wrapper
