"""Read-only OParl 1.1 endpoints. Each view looks the object or list up in the catalogue."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vereinsforum.oparl import serializers
from vereinsforum.oparl.body_lists import LIST_TYPES, OBJECT_TYPES
from vereinsforum.oparl.catalogue import Catalogue
from vereinsforum.oparl.listing import OparlError, Segment, paginate
from vereinsforum.oparl.responses import oparl_endpoint, with_cors


@oparl_endpoint
def system(request: HttpRequest) -> dict:
    return serializers.system(Catalogue())


@oparl_endpoint
def bodies(request: HttpRequest) -> dict:
    cat = Catalogue()
    segments = [Segment(cat.bodies(), lambda b: serializers.body(cat, b))]
    return paginate(segments, path=request.path, query=request.GET)


@oparl_endpoint
def body(request: HttpRequest, pk: int) -> dict:
    cat = Catalogue()
    found = cat.bodies().filter(pk=pk).first()
    if found is None:
        raise Http404
    return serializers.body(cat, found)


@oparl_endpoint
def body_list(request: HttpRequest, pk: int, list_name: str) -> dict:
    cat = Catalogue()
    if list_name not in LIST_TYPES or pk not in cat.body_ids:
        raise Http404
    return paginate(cat.segments(list_name, pk), path=request.path, query=request.GET)


@oparl_endpoint
def object_detail(request: HttpRequest, object_type: str, key: str) -> dict:
    if object_type not in OBJECT_TYPES:
        raise Http404
    found = Catalogue().find(object_type, key)
    if found is None:
        raise Http404
    return found


def _file(key: str, *, download: bool) -> HttpResponse:
    cat = Catalogue()
    content = cat.file_content(key)
    if content is None:
        if cat.file_exists(key):
            raise OparlError(410, _("This file has been deleted."))
        raise Http404
    filename, mime_type, data = content
    response = HttpResponse(data, content_type=mime_type)
    response["Content-Length"] = str(len(data))
    if download:
        # downloadUrl: OParl requires `attachment` with the file name; accessUrl must not.
        response.headers["Content-Disposition"] = _disposition(filename)
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "'")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@oparl_endpoint
def file_access(request: HttpRequest, key: str) -> HttpResponse:
    return _file(key, download=False)


@oparl_endpoint
def file_download(request: HttpRequest, key: str) -> HttpResponse:
    return _file(key, download=True)


@oparl_endpoint
def not_found(request: HttpRequest, rest: str = "") -> dict:
    raise Http404


def landing(request: HttpRequest) -> HttpResponse:
    """A human-readable start page: what the API offers and where to begin."""
    cat = Catalogue()
    context = {
        "system_url": request.build_absolute_uri(reverse("oparl:system")),
        "bodies": [serializers.body(cat, b) for b in cat.bodies()],
    }
    return with_cors(render(request, "oparl/landing.html", context))
