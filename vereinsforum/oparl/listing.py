"""External object lists: filters, stable order and pagination over one or more querysets.

A list is a sequence of segments (e.g. the organisations of the body, then the forum, then
the tombstones of deleted organizations). Every segment's queryset carries the annotations
`oparl_created` and `oparl_modified`, the values the objects publish, so the filters compare
exactly what clients see. Within a segment the order is by primary key; segments keep their
order; so a page is stable while the data does not change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from vereinsforum.oparl.links import absolute

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

#: parameter → (annotation, lookup). `until` is inclusive to the second clients see.
FILTERS = {
    "created_since": ("oparl_created", "gte"),
    "created_until": ("oparl_created", "lt"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lt"),
}


class OparlError(Exception):
    """A client error the API answers with a JSON body and the given status."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


@dataclass
class Segment:
    queryset: QuerySet
    serialize: Callable[[Any], dict]


# An unencoded "+" in a query string arrives as a space: "2007-11-12T00:00:00 01:00".
_LOST_PLUS = re.compile(r"^(\d{4}-\d\d-\d\dT[\d:.]+) (\d\d:?\d\d)$")


def parse_timestamp(parameter: str, raw: str) -> datetime:
    value = _LOST_PLUS.sub(r"\1+\2", raw.strip())
    parsed = None
    if "T" in value:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise OparlError(
            400,
            _(
                "%(parameter)s must be a date and time in ISO 8601 format, "
                "e.g. 2007-11-12T00:00:00+01:00; got %(value)s."
            )
            % {"parameter": parameter, "value": raw},
            parameter,
        )
    if timezone.is_naive(parsed):
        # OParl asks clients for a zone; a missing one is read as the body's local time.
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_filters(query: Mapping[str, str]) -> dict[str, Any]:
    lookups: dict[str, Any] = {}
    for parameter, (annotation, lookup) in FILTERS.items():
        raw = query.get(parameter)
        if raw is None:
            continue
        moment = parse_timestamp(parameter, raw)
        if lookup == "lt":
            moment = moment.replace(microsecond=0) + timedelta(seconds=1)
        lookups[f"{annotation}__{lookup}"] = moment
    return lookups


def _positive_int(query: Mapping[str, str], parameter: str, default: int) -> int:
    raw = query.get(parameter)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise OparlError(
            400,
            _("%(parameter)s must be a positive whole number; got %(value)s.")
            % {"parameter": parameter, "value": raw},
            parameter,
        )
    return int(raw)


def paginate(segments: list[Segment], *, path: str, query: Mapping[str, str]) -> dict:
    """One OParl list page: {data, pagination, links}."""
    lookups = parse_filters(query)
    page = _positive_int(query, "page", 1)
    per_page = min(_positive_int(query, "elementsPerPage", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)

    filtered = [Segment(s.queryset.filter(**lookups).order_by("pk"), s.serialize) for s in segments]
    counts = [s.queryset.count() for s in filtered]
    total = sum(counts)
    total_pages = max(1, math.ceil(total / per_page))
    if page > total_pages:
        raise OparlError(
            404,
            _("Page %(page)s does not exist; this list has %(pages)s pages.")
            % {"page": page, "pages": total_pages},
            "page",
        )

    data: list[dict] = []
    start, stop = (page - 1) * per_page, page * per_page
    offset = 0
    for segment, count in zip(filtered, counts, strict=True):
        lo, hi = max(start - offset, 0), min(stop - offset, count)
        if lo < hi:
            data.extend(segment.serialize(obj) for obj in segment.queryset[lo:hi])
        offset += count

    # Filters and the page size travel with every link, as the spec requires.
    kept = {k: query[k] for k in (*FILTERS, "elementsPerPage") if k in query}

    def page_url(number: int) -> str:
        return absolute(path, {**kept, "page": str(number)} if number > 1 else kept or None)

    links = {"first": page_url(1), "self": page_url(page), "last": page_url(total_pages)}
    if page > 1:
        links["prev"] = page_url(page - 1)
    if page < total_pages:
        links["next"] = page_url(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": per_page,
            "currentPage": page,
            "totalPages": total_pages,
        },
        "links": links,
    }
