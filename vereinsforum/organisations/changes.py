"""The typed input of the organisation and person services: which fields to set.

`organisation_create`/`organisation_update` and `person_create`/`person_update` take one of
these frozen dataclasses instead of a `data: dict`, so a misspelt field fails in mypy (or at
the call, with the field's name) instead of deep inside the service. A field left `UNSET`
is not touched: an update changes only what the caller names, a create leaves the model's
default (an organisation's city is Wuppertal unless told otherwise).

Who may set which field is not decided here but in the service, from the actor
(`organisations/scoping.py` `editable_organisation_fields`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

    from vereinsforum.organisations.models import Organisation


class Unset(Enum):
    """The marker for a field the caller leaves alone (None is a value: "no parent")."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def _given(fields: OrganisationFields | PersonFields) -> dict[str, Any]:
    return {
        f.name: value
        for f in dataclasses.fields(fields)
        if (value := getattr(fields, f.name)) is not UNSET
    }


def _known(
    cls: type[OrganisationFields | PersonFields], values: Mapping[str, Any]
) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in values.items() if k in names}


@dataclass(frozen=True, kw_only=True, slots=True)
class OrganisationFields:
    """An organisation's own fields (its languages are a separate argument)."""

    kind: str | Literal[Unset.UNSET] = UNSET
    name: str | Literal[Unset.UNSET] = UNSET
    short_name: str | Literal[Unset.UNSET] = UNSET
    parent: Organisation | None | Literal[Unset.UNSET] = UNSET
    legal_form: str | Literal[Unset.UNSET] = UNSET
    register_number: str | Literal[Unset.UNSET] = UNSET
    street: str | Literal[Unset.UNSET] = UNSET
    postcode: str | Literal[Unset.UNSET] = UNSET
    city: str | Literal[Unset.UNSET] = UNSET
    district: str | Literal[Unset.UNSET] = UNSET
    communities: str | Literal[Unset.UNSET] = UNSET
    founded_year: int | None | Literal[Unset.UNSET] = UNSET
    member_count: int | None | Literal[Unset.UNSET] = UNSET
    volunteer_count: int | None | Literal[Unset.UNSET] = UNSET
    email: str | Literal[Unset.UNSET] = UNSET
    phone: str | Literal[Unset.UNSET] = UNSET
    website: str | Literal[Unset.UNSET] = UNSET
    public_description: str | Literal[Unset.UNSET] = UNSET
    verification: str | Literal[Unset.UNSET] = UNSET

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> OrganisationFields:
        """From a form's cleaned data or an import's row: the keys that are fields. The
        others (a form's `languages`, an import's `role`) are the caller's to pass on."""
        return cls(**_known(cls, values))

    def given(self) -> dict[str, Any]:
        """The fields the caller set, by name, in declaration order."""
        return _given(self)


@dataclass(frozen=True, kw_only=True, slots=True)
class PersonFields:
    """A person's own fields; everything personal is among them (`Person.PERSONAL_FIELDS`)."""

    first_name: str | Literal[Unset.UNSET] = UNSET
    last_name: str | Literal[Unset.UNSET] = UNSET
    email: str | Literal[Unset.UNSET] = UNSET
    phone: str | Literal[Unset.UNSET] = UNSET
    preferred_language: str | Literal[Unset.UNSET] = UNSET

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> PersonFields:
        """From a form's cleaned data or an import's row: the keys that are fields. The
        others (a form's `languages`, an import's `role`) are the caller's to pass on."""
        return cls(**_known(cls, values))

    def given(self) -> dict[str, Any]:
        """The fields the caller set, by name, in declaration order."""
        return _given(self)
