"""The API object: problem details for every error, ETags on reads, page pagination, docs.

Endpoints live in `endpoints/`, one router per domain; `api.py` puts them together.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from typing import Annotated, Any

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.openapi.docs import DocsBase
from pydantic import AfterValidator, create_model

from vereinsforum.api.problems import (
    HANDLERS,
    MEDIA_TYPE,
    PROBLEM_STATUS,
    ApiProblem,
    FieldError,
    Problem,
    problem_response,
    titles,
)
from vereinsforum.lib.text import code_points, control_characters

# ---- input text -----------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(multiline: bool):
    def check(value: str) -> str:
        found = control_characters(value, multiline=multiline) + _SURROGATE.findall(value)
        if found:
            raise ValueError(
                _("The text contains characters that cannot be saved: %(chars)s.")
                % {"chars": code_points(found)}
            )
        return value

    return check


#: A row id: positive and within the database's integer range (a larger one is a 422).
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]

#: Text on one line / free text: control characters (NUL, …) and lone surrogates refused.
Line = Annotated[str, AfterValidator(_clean(multiline=False))]
Text = Annotated[str, AfterValidator(_clean(multiline=True))]

# ---- pagination -----------------------------------------------------------------------------

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100)."
    )


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`s: {count, next, previous, results}."""
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[item], ...),  # type: ignore[valid-type]  # a class known at run time
    )


def paginate(request, queryset, params: PageParams, to_item=lambda obj: obj) -> dict[str, Any]:
    """One page of an ordered queryset; a page past the end is 404 (except page 1)."""
    count = queryset.count()
    pages = max(1, math.ceil(count / params.page_size))
    if params.page > pages:
        raise ApiProblem(404, "not-found", _("This page does not exist."))
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size])

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["page_size"] = str(params.page_size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(params.page - 1) if params.page > 1 else None,
        "results": [to_item(row) for row in rows],
    }


# ---- docs ------------------------------------------------------------------------------------


class ServerRenderedDocs(DocsBase):
    """The API documentation as a page of our own, rendered from the OpenAPI schema.

    Swagger UI and Redoc need inline styles and scripts that the Content-Security-Policy
    refuses (and Redoc a CDN); this page needs neither, works offline and without
    JavaScript, and looks like the rest of the site.
    """

    def render_page(self, request, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        tags: dict[str, list[dict]] = {}
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                responses = [
                    {"status": status, "description": response.get("description", "")}
                    for status, response in operation.get("responses", {}).items()
                ]
                body: dict[str, Any] = operation.get("requestBody", {}).get("content", {})
                body_schema = next(iter(body.values())).get("schema") if body else None
                tags.setdefault((operation.get("tags") or ["api"])[0], []).append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "id": operation.get("operationId", ""),
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": operation.get("parameters", []),
                        "body": _schema_name(body_schema),
                        "responses": responses,
                    }
                )
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "tags": sorted(tags.items()),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "problems": [
                    {"kind": kind, "title": title, "status": PROBLEM_STATUS[kind]}
                    for kind, title in titles().items()
                ],
            },
        )


def _schema_name(schema: dict | None) -> str:
    if not schema:
        return ""
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type", "")


# ---- the API ---------------------------------------------------------------------------------


def _method_problem(view):
    """Ninja answers a method a path does not have with a bare 405: make it a problem."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            MEDIA_TYPE
        ):
            return problem_response(
                405,
                "method-not-allowed",
                _("This path does not answer %(method)s.") % {"method": request.method},
                headers={"Allow": response.get("Allow", "")},
            )
        return response

    wrapper.csrf_exempt = True
    return wrapper


ERROR_RESPONSES = {
    "400": "Bad request",
    "401": "No valid token (missing, unknown, revoked or expired)",
    "403": "Not allowed for this account, or a read-only token writing",
    "404": "Not found, or not visible to this account",
    "409": "Conflict with the current state",
    "422": "Invalid input (the errors list names the fields)",
    "429": "Too many requests for this token (Retry-After)",
}


class VereinsforumAPI(NinjaAPI):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        for exc_class, handler in HANDLERS:
            self.add_exception_handler(exc_class, handler)

    def create_response(
        self,
        request,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
            response["ETag"] = etag
            wanted = parse_etags(request.headers.get("If-None-Match", ""))
            if "*" in wanted or etag in wanted or etag.strip('"') in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                patch_vary_headers(not_modified, ("Authorization", "Accept-Language"))
                return not_modified
        return response

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if pattern.name not in ("openapi-json", "openapi-view", "api-root"):
                pattern.callback = _method_problem(pattern.callback)
        return patterns

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        ref = "#/components/schemas/{model}"
        components["FieldError"] = FieldError.model_json_schema(ref_template=ref)
        problem = Problem.model_json_schema(ref_template=ref)
        problem.pop("$defs", None)
        components["Problem"] = problem
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                if method == "get":
                    responses["304"] = {"description": "Not modified (If-None-Match)"}
                for status, description in ERROR_RESPONSES.items():
                    responses[status] = {
                        "description": description,
                        "content": {MEDIA_TYPE: {"schema": {"$ref": ref.format(model="Problem")}}},
                    }
        return schema
