"""Walks the OParl API from the System object down, the way a harvesting client does.

Every URL below /oparl/v1/ found anywhere in any object or list page is fetched once; list
pages are followed through `links`; every object (embedded ones too) and every list page is
validated against the schemas. File URLs are fetched as files and their headers recorded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from vereinsforum.oparl.tests.validation import BASE, list_page_errors, object_errors

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
FILE_KEYS = ("accessUrl", "downloadUrl")


@dataclass
class Walk:
    objects: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    list_pages: dict[str, dict] = field(default_factory=dict)
    files: dict[str, object] = field(default_factory=dict)
    #: `web` links: HTML pages for people, not OParl objects.
    web: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    def of_type(self, name: str) -> list[dict]:
        return list(self.objects[name].values())


def api_prefix() -> str:
    return f"{settings.SITE_URL}/oparl/v1/"


def to_path(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def walk(client, start: str | None = None) -> Walk:
    result = Walk()
    queue = [start or f"{api_prefix()}system"]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(to_path(url))
        if response.status_code != 200:
            result.errors.append(f"{url}: HTTP {response.status_code}")
            continue
        if response.headers.get("Access-Control-Allow-Origin") != "*":
            result.errors.append(f"{url}: no Access-Control-Allow-Origin: *")
        if not response["Content-Type"].startswith("application/json"):
            result.errors.append(f"{url}: content type {response['Content-Type']}")
            continue
        data = response.json()
        if "data" in data and "pagination" in data:
            result.list_pages[url] = data
            result.errors += list_page_errors(data)
            if data["links"].get("self") != url:
                result.errors.append(f"{url}: links.self is {data['links'].get('self')}")
            for item in data["data"]:
                _collect(item, result, queue, seen)
            queue += [link for link in data["links"].values() if link.startswith(api_prefix())]
        else:
            if data.get("id") != url:
                result.errors.append(f"{url}: served id {data.get('id')}")
            result.errors += object_errors(data)
            _collect(data, result, queue, seen)
    return result


def _collect(obj: dict, result: Walk, queue: list[str], seen: set[str]) -> None:
    name = str(obj.get("type", "")).removeprefix(BASE)
    previous = result.objects[name].get(obj["id"])
    # Keep the richest version: a list may show an embedded object without back-references.
    if previous is None or len(obj) > len(previous):
        result.objects[name][obj["id"]] = obj
    for key in ("created", "modified"):
        if key in obj and not TIMESTAMP.match(obj[key]):
            result.errors.append(f"{obj['id']}: {key} {obj[key]!r} is not to the second")
    for key, value in obj.items():
        _follow(key, value, result, queue, seen)


def _follow(key: str, value, result: Walk, queue: list[str], seen: set[str]) -> None:
    if isinstance(value, dict) and "type" in value:
        result.errors += object_errors(value)
        _collect(value, result, queue, seen)
    elif isinstance(value, list):
        for item in value:
            _follow(key, item, result, queue, seen)
    elif isinstance(value, str) and key == "web":
        result.web.add(value)
    elif isinstance(value, str) and value.startswith(api_prefix()):
        if key in FILE_KEYS:
            result.files[value] = key
        elif value not in seen:
            queue.append(value)
