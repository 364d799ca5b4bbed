"""Attendance history: the events a person or an association attended, and the rate."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from vereinsforum.events.models import Registration, RegistrationStatus


@dataclass
class History:
    registrations: list[Registration]
    attended: int
    missed: int

    @property
    def rate(self) -> float | None:
        """Attended among the past events with a seat (no-shows count against it)."""
        total = self.attended + self.missed
        return self.attended / total if total else None


def attendance_history(registrations: QuerySet[Registration]) -> History:
    rows = list(
        registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__location", "person", "organisation")
        .order_by("-event__start")
    )
    now = timezone.now()
    attended = sum(1 for r in rows if r.status == RegistrationStatus.ATTENDED)
    missed = sum(
        1
        for r in rows
        if r.status == RegistrationStatus.NO_SHOW
        or (r.status == RegistrationStatus.REGISTERED and r.event.end < now)
    )
    return History(registrations=rows, attended=attended, missed=missed)
