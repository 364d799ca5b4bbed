"""Which organisations, people and affiliations a user may see or change.

Coordinators see and change everything; team members read everything; an interviewer reads
the associations assigned to them; a representative or service provider sees the one
organisation they act for. People are reached through their *current* affiliations only:
once a role has ended, the association's representative no longer reads, edits or
registers that person (the person may have moved on to another association).

Which of an organisation's fields an editor may change is decided here too
(`editable_organisation_fields`), for the form and, again, inside `organisation_update`.

Interviewer assignments are the programmes app's rows, and programmes builds on this app
(its programmes, steps and set-up name organisations). So that the dependency runs one way,
this module asks for them through the `assigned_organisation_ids(user)` hook of an
AppConfig (programmes provides it) instead of importing programmes.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, NOTHING, VIEW, acting_user, can
from vereinsforum.organisations.models import Affiliation, Organisation, Person

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from vereinsforum.accounts.models import User

#: What a representative may change on their own association; coordinators may change all of it.
REPRESENTATIVE_EDITABLE: tuple[str, ...] = (
    "name",
    "short_name",
    "legal_form",
    "register_number",
    "street",
    "postcode",
    "city",
    "district",
    "communities",
    "founded_year",
    "member_count",
    "volunteer_count",
    "email",
    "phone",
    "website",
    "public_description",
)
STAFF_EDITABLE: tuple[str, ...] = (*REPRESENTATIVE_EDITABLE, "kind", "parent", "verification")


def editable_organisation_fields(user: User, organisation: Organisation) -> tuple[str, ...]:
    """The fields `user` may change on `organisation`: all of them for a coordinator, the
    association's own description for its representative or service provider. Raises
    PermissionDenied for anyone who may not edit the organisation at all."""
    if not can(user, EDIT, organisation):
        raise PermissionDenied
    return STAFF_EDITABLE if user.role == Role.COORDINATOR else REPRESENTATIVE_EDITABLE


def interviewer_organisation_ids(user: User) -> QuerySet[Any, Any]:
    """The organisations an interviewer is assigned to, as ids, from the one app that records
    assignments (programmes, through its AppConfig hook); none while no app does."""
    hooks = [
        hook
        for config in django_apps.get_app_configs()
        if (hook := getattr(config, "assigned_organisation_ids", None)) is not None
    ]
    if not hooks:
        return Organisation.objects.none().values("pk")
    (hook,) = hooks  # one app records the assignments
    ids: QuerySet[Any, Any] = hook(user)
    return ids


def organisation_filter(user: User, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MEMBER:
        return Q() if action == VIEW else NOTHING
    if user.role == Role.INTERVIEWER:
        return Q(pk__in=interviewer_organisation_ids(user)) if action == VIEW else NOTHING
    if user.role in ORGANISATION_ROLES:
        return Q(pk=user.acting_for_id)
    return NOTHING


def currently_affiliated(
    organisations: int | Organisation | QuerySet | None = None,
    *,
    on: date | None = None,
    roles: list[str] | tuple[str, ...] | None = None,
) -> Exists:
    """`EXISTS` a current affiliation of the person (outer row) with `organisations`.

    `organisations` is an id, an Organisation, or a queryset of organisations or of their
    ids; None means any organisation.
    """
    rows = Affiliation.objects.current(on).filter(person=OuterRef("pk"))
    if isinstance(organisations, int | Organisation):
        rows = rows.filter(organisation=organisations)
    elif organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    if roles is not None:
        rows = rows.filter(role__in=roles)
    return Exists(rows)


def person_filter(user: User, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    own = Q(pk=user.person_id) if user.person_id else NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MEMBER:
        return Q() if action == VIEW else own
    if user.role == Role.INTERVIEWER:
        if action != VIEW:
            return own
        return own | Q(currently_affiliated(interviewer_organisation_ids(user)))
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        return own | Q(currently_affiliated(user.acting_for_id))
    return own


def affiliation_filter(user: User, action: str = VIEW) -> Q:
    """Seen when both the person and the organisation are visible; changed (ended) by
    whoever may edit the organisation: its contacts are the organisation's records."""
    visible = Q(
        organisation__in=Organisation.objects.filter(organisation_filter(user, VIEW)),
        person__in=Person.objects.filter(person_filter(user, VIEW)),
    )
    if action == VIEW:
        return visible
    return visible & Q(
        organisation__in=Organisation.objects.filter(organisation_filter(user, action))
    )
