"""Events, invitations and registrations: the rules of the event pages and the staff pages.

- reading an event: `Event.objects.for_user` (the public events, the association's own …);
- registering: a representative names a current member of their own association (the event
  page, source "self"); staff register anybody for an association on its behalf (the staff
  registrations page, "on_behalf"); anybody else is refused;
- cancelling: the association's or the person's own registration, or staff ("staff" reason);
- checking in: staff only.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from vereinsforum.accounts.scoping import EDIT, acting_user, get_for_user
from vereinsforum.api.core import Id, PageParams, page_of, paginate
from vereinsforum.api.endpoints.organisations import OrganisationRef, PersonRef, person_ref
from vereinsforum.api.problems import ApiProblem
from vereinsforum.events.models import (
    SEAT_HOLDING,
    Audience,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.scoping import is_event_staff
from vereinsforum.events.services.door import registration_check_in
from vereinsforum.events.services.invitations import INVITABLE_KINDS
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.lib.translated import translated
from vereinsforum.organisations.models import Organisation, Person

router = Router(tags=["events"])


class LocationOut(Schema):
    name: str
    address: str
    accessibility: str


class EventOut(Schema):
    id: int
    programme: int
    kind: EventKind
    title: str
    description: str
    start: datetime
    end: datetime
    location: LocationOut | None
    audience: Audience
    capacity: int | None
    seats_per_association: int | None
    seats_taken: int
    seats_left: int | None
    registration_opens: datetime | None
    registration_closes: datetime | None
    registration_open: bool
    cancelled: bool


class InvitationOut(Schema):
    id: int
    event: int
    organisation: OrganisationRef
    status: InvitationStatus
    sent_at: datetime
    answered_at: datetime | None


class RegistrationOut(Schema):
    id: int
    event: int
    organisation: OrganisationRef | None
    person: PersonRef
    status: RegistrationStatus
    source: RegistrationSource
    created: datetime
    checked_in_at: datetime | None
    cancelled_at: datetime | None


class RegistrationIn(Schema):
    person: Id
    organisation: Id | None = None


EventPage = page_of(EventOut, "EventPage")
InvitationPage = page_of(InvitationOut, "InvitationPage")
RegistrationPage = page_of(RegistrationOut, "RegistrationPage")


def event_out(event: Event) -> dict:
    location = event.location
    # A list annotates the seats (`seats_held`); one event counts its own.
    taken = getattr(event, "seats_held", None)
    if taken is None:
        taken = event.seats_taken()
    return {
        "id": event.pk,
        "programme": event.programme_id,
        "kind": event.kind,
        "title": translated(event, "title"),
        "description": translated(event, "description"),
        "start": event.start,
        "end": event.end,
        "location": {
            "name": location.name,
            "address": location.address,
            "accessibility": location.accessibility,
        }
        if location
        else None,
        "audience": event.audience,
        "capacity": event.capacity,
        "seats_per_association": event.seats_per_association,
        "seats_taken": taken,
        "seats_left": None if event.capacity is None else max(0, event.capacity - taken),
        "registration_opens": event.registration_opens,
        "registration_closes": event.registration_closes,
        "registration_open": event.registration_open(),
        "cancelled": event.cancelled_at is not None,
    }


def _org_ref(org: Organisation | None) -> dict | None:
    return {"id": org.pk, "name": org.name} if org else None


def invitation_out(invitation: Invitation) -> dict:
    return {
        "id": invitation.pk,
        "event": invitation.event_id,
        "organisation": _org_ref(invitation.organisation),
        "status": invitation.status,
        "sent_at": invitation.sent_at,
        "answered_at": invitation.answered_at,
    }


def registration_out(registration: Registration) -> dict:
    return {
        "id": registration.pk,
        "event": registration.event_id,
        "organisation": _org_ref(registration.organisation),
        "person": person_ref(registration.person),
        "status": registration.status,
        "source": registration.source,
        "created": registration.created,
        "checked_in_at": registration.checked_in_at,
        "cancelled_at": registration.cancelled_at,
    }


def _registrations():
    return Registration.objects.select_related("organisation", "person")


def _seats_held() -> Coalesce:
    held = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=SEAT_HOLDING)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held), 0)


@router.get("/events", response=EventPage, summary="Events")
def event_list(
    request,
    params: Query[PageParams],
    kind: EventKind | None = None,
    upcoming: bool | None = None,
):
    """The events the account may see, by start; `upcoming=true` only those not yet over."""
    # The seats counted in the list's query, not once or twice per event.
    events = (
        Event.objects.for_user(request.user)
        .select_related("location")
        .annotate(seats_held=_seats_held())
    )
    if kind:
        events = events.filter(kind=kind)
    if upcoming is not None:
        now = timezone.now()
        events = events.filter(end__gte=now) if upcoming else events.filter(end__lt=now)
    return paginate(request, events.order_by("start", "pk"), params, event_out)


@router.get("/events/{pk}", response=EventOut, summary="One event")
def event_detail(request, pk: Id):
    return event_out(get_for_user(request.user, Event.objects.select_related("location"), pk=pk))


@router.get("/events/{pk}/invitations", response=InvitationPage, summary="Invitations of an event")
def invitation_list(request, pk: Id, params: Query[PageParams]):
    """Staff see every invitation of the event; an association its own."""
    event = get_for_user(request.user, Event.objects.all(), pk=pk)
    rows = (
        Invitation.objects.for_user(request.user)
        .filter(event=event)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return paginate(request, rows, params, invitation_out)


@router.get(
    "/events/{pk}/registrations",
    response=RegistrationPage,
    summary="Registrations of an event",
)
def registration_list(request, pk: Id, params: Query[PageParams]):
    """Staff see every registration; an association its own; a person their own."""
    event = get_for_user(request.user, Event.objects.all(), pk=pk)
    rows = _registrations().for_user(request.user).filter(event=event).order_by("created", "pk")
    return paginate(request, rows, params, registration_out)


@router.post(
    "/events/{pk}/registrations",
    response={201: RegistrationOut},
    summary="Register a person",
)
def registration_new(request, pk: Id, data: RegistrationIn):
    """A representative registers a current member of their association (`organisation` may
    be left out); staff register a person for an association on its behalf."""
    user = request.user
    event = get_for_user(user, Event.objects.all(), pk=pk)
    if is_event_staff(user):
        if data.organisation is None:
            raise ApiProblem(
                422,
                "validation",
                _("Name the association the person is registered for."),
                errors=[{"field": "organisation", "message": _("This field is required.")}],
            )
        organisation = Organisation.objects.filter(
            pk=data.organisation, kind__in=INVITABLE_KINDS
        ).first()
        source = RegistrationSource.ON_BEHALF
    else:
        organisation = user.acting_for if acting_user(user) else None
        if organisation is None:
            raise PermissionDenied
        if data.organisation is not None and data.organisation != organisation.pk:
            raise PermissionDenied(_("You can register people for your own association only."))
        source = RegistrationSource.SELF
    person = (
        Person.objects.active().affiliated_with(organisation).filter(pk=data.person).first()
        if organisation is not None
        else None
    )
    if organisation is None or person is None:
        raise ApiProblem(
            422,
            "validation",
            _("Please choose a delegate of your association.")
            if source == RegistrationSource.SELF
            else _("Choose a person who belongs to the association."),
            errors=[{"field": "person", "message": _("Not a current member of the association.")}],
        )
    registration = registration_create(
        actor=user, event=event, person=person, organisation=organisation, source=source
    )
    return Status(201, registration_out(_registrations().get(pk=registration.pk)))


@router.get("/registrations/{pk}", response=RegistrationOut, summary="One registration")
def registration_detail(request, pk: Id):
    return registration_out(get_for_user(request.user, _registrations(), pk=pk))


@router.post(
    "/registrations/{pk}/cancel", response=RegistrationOut, summary="Cancel a registration"
)
def registration_cancel_endpoint(request, pk: Id):
    registration = get_for_user(request.user, _registrations(), EDIT, pk=pk)
    reason = "staff" if is_event_staff(request.user) else "participant"
    registration_cancel(actor=request.user, registration=registration, reason=reason)
    return registration_out(_registrations().get(pk=pk))


@router.post("/registrations/{pk}/check-in", response=RegistrationOut, summary="Check a person in")
def registration_check_in_endpoint(request, pk: Id):
    """Staff only, as at the door."""
    if not is_event_staff(request.user):
        raise PermissionDenied
    registration = get_for_user(request.user, _registrations(), EDIT, pk=pk)
    registration_check_in(actor=request.user, registration=registration)
    return registration_out(_registrations().get(pk=pk))
