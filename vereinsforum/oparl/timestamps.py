"""OParl dates and times: ISO 8601 in the body's time zone, to the second."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def oparl_datetime(value: datetime | None) -> str | None:
    """`2007-11-12T10:00:00+01:00`: OParl clients compare these; microseconds only confuse them."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def oparl_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def latest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None
