"""Absolute URLs of OParl objects and lists, built from SITE_URL so ids never depend on Host."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse

SCHEMA = "https://schema.oparl.org/1.1/"


def oparl_type(name: str) -> str:
    return f"{SCHEMA}{name}"


def absolute(path: str, query: dict[str, str] | None = None) -> str:
    url = f"{settings.SITE_URL}{path}"
    if query:
        url = f"{url}?{urlencode(query)}"
    return url


def system_url() -> str:
    return absolute(reverse("oparl:system"))


def bodies_url() -> str:
    return absolute(reverse("oparl:bodies"))


def object_url(object_type: str, key: object) -> str:
    if object_type == "body":
        return absolute(reverse("oparl:body", kwargs={"pk": key}))
    return absolute(reverse("oparl:object", kwargs={"object_type": object_type, "key": str(key)}))


def body_list_url(body_pk: int, list_name: str) -> str:
    return absolute(reverse("oparl:body_list", kwargs={"pk": body_pk, "list_name": list_name}))


def file_access_url(key: str) -> str:
    return absolute(reverse("oparl:file_access", kwargs={"key": key}))


def file_download_url(key: str) -> str:
    return absolute(reverse("oparl:file_download", kwargs={"key": key}))


def web_url(url_name: str) -> str | None:
    """The HTML page showing an object to people (OParl `web`), if that page exists."""
    try:
        return absolute(reverse(url_name))
    except NoReverseMatch:
        return None
