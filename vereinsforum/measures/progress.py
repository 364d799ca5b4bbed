"""A measure's progress, derived from its parts.

Each app that holds parts of measures (events here, a working group's tasks, a guide's
status) contributes `ProgressPart`s through its AppConfig's
`measure_progress_parts(measure) -> list[ProgressPart]`; this module adds them up and knows
none of those apps' models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from vereinsforum.measures.models import Measure


@dataclass(frozen=True)
class ProgressPart:
    label: str  # translated, e.g. "Events held"
    done: int
    total: int
    url: str = ""


@dataclass(frozen=True)
class Progress:
    parts: tuple[ProgressPart, ...]

    @property
    def done(self) -> int:
        return sum(part.done for part in self.parts)

    @property
    def total(self) -> int:
        return sum(part.total for part in self.parts)

    @property
    def percent(self) -> int | None:
        """Whole per cent of the parts done, or None while the measure has no parts."""
        if not self.total:
            return None
        return round(100 * self.done / self.total)


def measure_progress(measure: Measure) -> Progress:
    parts: list[ProgressPart] = []
    for config in apps.get_app_configs():
        hook = getattr(config, "measure_progress_parts", None)
        if hook is not None:
            parts.extend(hook(measure))
    return Progress(tuple(parts))


@dataclass(frozen=True)
class Outcomes:
    """What a measure reached, counted from the attendance at its linked events."""

    participants: int
    associations: int
    target_participants: int | None
    target_associations: int | None

    @staticmethod
    def _share(value: int, target: int | None) -> int | None:
        return round(100 * value / target) if target else None

    @property
    def participants_percent(self) -> int | None:
        return self._share(self.participants, self.target_participants)

    @property
    def associations_percent(self) -> int | None:
        return self._share(self.associations, self.target_associations)


def measure_outcomes(measure: Measure) -> Outcomes:
    """Participants: the people who attended one of its events (not cancelled), each counted
    once however many they attended. Associations reached: the associations with at least
    one of them. Counted by the same rule as the traceability page and the council report."""
    from vereinsforum.measures.traceability import reach

    reached = reach(Measure.objects.filter(pk=measure.pk))
    return Outcomes(
        participants=reached.participants,
        associations=reached.associations,
        target_participants=measure.target_participants,
        target_associations=measure.target_associations,
    )
