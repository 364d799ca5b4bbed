"""What the needs services may change, typed: an interview's general answers, one field's
answers (`interview_save`) and a wave's evaluation settings (`wave_settings_update`).

The capture form saves parts as they are typed (autosave), and the API takes a PATCH: any
value may be left out. `UNSET`, the default, means "not sent, keep what is stored", which is
not the same as None ("sent empty"). Forms and the API turn their values into these with
`from_values`, which keeps the names it knows and leaves the rest out, as before.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, TypeAlias


class _Unset(enum.Enum):
    UNSET = "unset"


#: A value that was not sent.
UNSET = _Unset.UNSET
Unset: TypeAlias = Literal[_Unset.UNSET]


def _given(values: InterviewGeneral | AnswerValues | WaveSettings) -> dict[str, Any]:
    return {
        f.name: getattr(values, f.name)
        for f in fields(values)
        if getattr(values, f.name) is not UNSET
    }


@dataclass(frozen=True, kw_only=True)
class InterviewGeneral:
    """The interview's general answers (the association's size, premises, publicity)."""

    conducted_on: date | None | Unset = UNSET
    members: int | None | Unset = UNSET
    volunteers: int | None | Unset = UNSET
    premises: str | Unset = UNSET
    has_website: bool | None | Unset = UNSET
    has_flyer: bool | None | Unset = UNSET

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> InterviewGeneral:
        """From a form's or the API's values: the fields named here that are present."""
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})

    def given(self) -> dict[str, Any]:
        """{field: value} of what was sent."""
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class AnswerValues:
    """One field's answers: competence and need (levels 1–5), willingness to pass the
    competence on, for how many associations, and a free comment."""

    competence: int | None | Unset = UNSET
    need: int | None | Unset = UNSET
    willing: bool | Unset = UNSET
    capacity: int | None | Unset = UNSET
    comment: str | Unset = UNSET

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> AnswerValues:
        """From a form's or the API's values: the fields named here that are present."""
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})

    def given(self) -> dict[str, Any]:
        """{field: value} of what was sent."""
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class WaveSettings:
    """A coordinator's override of the number of clusters and of the multiplier rule."""

    cluster_k: int | None | Unset = UNSET
    multiplier_min_competence: int | Unset = UNSET
    multiplier_max_need: int | Unset = UNSET
    multiplier_requires_willing: bool | Unset = UNSET

    def given(self) -> dict[str, Any]:
        """{setting: value} of what was sent."""
        return _given(self)
