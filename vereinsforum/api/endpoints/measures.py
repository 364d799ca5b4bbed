"""Measures, read-only: the measures pages' readers and rows (measures/scoping.py)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from vereinsforum.accounts.scoping import acting_user, get_for_user
from vereinsforum.api.core import Id, PageParams, page_of, paginate
from vereinsforum.api.endpoints.organisations import OrganisationRef
from vereinsforum.events.models import Event
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.scoping import READER_ROLES, sees_responsible_person

router = Router(tags=["measures"])


class MeasureOut(Schema):
    id: int
    programme: int
    kind: MeasureKind
    title: str
    description: str
    status: MeasureStatus
    fields: list[str]
    responsible_organisation: OrganisationRef | None
    responsible_person: str | None
    start: date | None
    end: date | None
    target_participants: int | None
    target_associations: int | None
    events: list[int]


MeasurePage = page_of(MeasureOut, "MeasurePage")


def _require_reader(user) -> None:
    if not (acting_user(user) and user.role in READER_ROLES):
        raise PermissionDenied


def measure_out(measure: Measure, user) -> dict:
    org = measure.responsible_organisation
    person = measure.responsible_person
    return {
        "id": measure.pk,
        "programme": measure.programme_id,
        "kind": measure.kind,
        "title": measure.title,
        "description": measure.description,
        "status": measure.status,
        "fields": [f.key for f in measure.fields.all()],
        "responsible_organisation": {"id": org.pk, "name": org.name} if org else None,
        # The person's name: staff and the responsible organisation only, as on the page.
        "responsible_person": person.full_name
        if person is not None and sees_responsible_person(user, measure)
        else None,
        "start": measure.start,
        "end": measure.end,
        "target_participants": measure.target_participants,
        "target_associations": measure.target_associations,
        "events": list(
            Event.objects.for_user(user)
            .filter(measures=measure)
            .order_by("start", "pk")
            .values_list("pk", flat=True)
        ),
    }


def _measures(user):
    return (
        Measure.objects.for_user(user)
        .select_related("responsible_organisation", "responsible_person")
        .prefetch_related("fields")
    )


@router.get("/measures", response=MeasurePage, summary="Measures")
def measure_list(request, params: Query[PageParams], status: MeasureStatus | None = None):
    _require_reader(request.user)
    measures = _measures(request.user)
    if status:
        measures = measures.filter(status=status)
    return paginate(
        request,
        measures.order_by("programme_id", "pk"),
        params,
        lambda m: measure_out(m, request.user),
    )


@router.get("/measures/{pk}", response=MeasureOut, summary="One measure")
def measure_detail(request, pk: Id):
    _require_reader(request.user)
    return measure_out(get_for_user(request.user, _measures(request.user), pk=pk), request.user)
