"""Absolute URLs of OParl objects and lists, built from SITE_URL so ids never depend on Host."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


#: Keys that stand in a URL as they are ("12", "forum-3"): their URL is the type's pattern
#: with the key put in, without a `reverse` per object (a forum of a state's size embeds
#: 1,700 membership URLs).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PLACEHOLDER = "0key0"


@functools.lru_cache(maxsize=64)
def _object_path(object_type: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    if object_type == "body":
        path = reverse("oparl:body", kwargs={"pk": 999999999})
        return tuple(path.split("999999999", 1))  # type: ignore[return-value]
    path = reverse("oparl:object", kwargs={"object_type": object_type, "key": _PLACEHOLDER})
    return tuple(path.split(_PLACEHOLDER, 1))  # type: ignore[return-value]


def object_url(object_type: str, key: object) -> str:
    text = str(key)
    if _PLAIN_KEY.fullmatch(text) and (object_type != "body" or text.isdigit()):
        before, after = _object_path(object_type, get_script_prefix(), get_urlconf())
        return f"{settings.SITE_URL}{before}{text}{after}"
    if object_type == "body":
        return absolute(reverse("oparl:body", kwargs={"pk": key}))
    return absolute(reverse("oparl:object", kwargs={"object_type": object_type, "key": text}))


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
