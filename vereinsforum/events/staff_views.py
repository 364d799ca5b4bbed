"""Pages for the programme staff: the event itself, its invitations and registrations.
The door (check-in, walk-ins, the attendance list) is in door_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vereinsforum.accounts.models import STAFF_ROLES
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.events.forms import (
    EventCancelForm,
    EventForm,
    InviteForm,
    OnBehalfForm,
)
from vereinsforum.events.models import (
    CancelReason,
    Event,
    InvitationStatus,
    MailStatus,
    OutboxMessage,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.services.administration import (
    OPEN_STATUSES,
    event_cancel,
    event_create,
    event_update,
)
from vereinsforum.events.services.invitations import INVITABLE_KINDS, invitation_send
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.views import cancel_question
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import Programme, Step

staff_required = role_required(*STAFF_ROLES)


def staff_event(request, pk: int) -> Event:
    return get_for_user(
        request.user, Event.objects.select_related("location", "programme"), EDIT, pk=pk
    )


def participants():
    return Organisation.objects.filter(kind__in=INVITABLE_KINDS).order_by("kind", "name")


# ---- the event itself -----------------------------------------------------------------------


@staff_required
def event_new(request: HttpRequest) -> HttpResponse:
    form = EventForm(
        request.POST or None, invitable=participants(), programme=Programme.objects.first()
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = event_create(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                **form.event_values(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The event is created."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/staff/event_form.html", {"form": form, "event": None})


@staff_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(request, pk)
    if event.is_cancelled:
        messages.error(request, _("A cancelled event cannot be changed."))
        return redirect("events:detail", pk=event.pk)
    invited = event.invitations.select_related("organisation").order_by("organisation__name")
    form = EventForm(
        request.POST or None,
        event=event,
        invitable=participants().exclude(pk__in=invited.values("organisation")),
    )
    if request.method == "POST" and form.is_valid():
        revision = event.sequence
        try:
            event = event_update(actor=request.user, event=event, **form.event_values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if event.sequence > revision:
                notified = OutboxMessage.objects.change_notices(event).count()
                messages.success(
                    request,
                    ngettext(
                        "The event is saved. %(n)s person with a seat, an offer or a waiting "
                        "place is informed of the new time or venue by e-mail.",
                        "The event is saved. %(n)s people with a seat, an offer or a waiting "
                        "place are informed of the new time or venue by e-mail.",
                        notified,
                    )
                    % {"n": notified},
                )
            else:
                messages.success(request, _("The event is saved."))
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/staff/event_form.html",
        {
            "form": form,
            "event": event,
            "invited": invited,
            "seats_taken": event.seats_taken(),
            "waiting": event.registrations.filter(status=RegistrationStatus.WAITLISTED).count(),
            # who is mailed if the time or the venue changes (nobody once the event is over)
            "to_inform": 0
            if event.is_past
            else event.registrations.filter(status__in=OPEN_STATUSES).count(),
        },
    )


@staff_required
def event_cancel_view(request, pk: int):
    event = staff_event(request, pk)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = event_cancel(actor=request.user, event=event, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The event is cancelled; %(n)s registrations were cancelled and notified.")
                % {"n": count},
            )
            return redirect("events:detail", pk=event.pk)
    open_rows = event.registrations.filter(
        status__in=(
            RegistrationStatus.REGISTERED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITLISTED,
        )
    )
    return render(
        request,
        "events/staff/event_cancel.html",
        {
            "event": event,
            "form": form,
            "holding": open_rows.exclude(status=RegistrationStatus.WAITLISTED).count(),
            "waiting": open_rows.filter(status=RegistrationStatus.WAITLISTED).count(),
        },
    )


# ---- invitations ----------------------------------------------------------------------------


@staff_required
def invitations(request, pk: int):
    event = staff_event(request, pk)
    invited = event.invitations.select_related("organisation", "answered_by").with_reach()
    candidates = participants().exclude(pk__in=invited.values("organisation"))
    form = InviteForm(request.POST or None, organisations=candidates)
    if request.method == "POST" and form.is_valid():
        sent_on = form.cleaned_data["sent_on"]
        try:
            sent = invitation_send(
                actor=request.user,
                event=event,
                organisations=form.cleaned_data["organisations"],
                on=sent_on,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if sent_on < timezone.localdate():
                messages.success(
                    request,
                    ngettext(
                        "%(n)s invitation is recorded as sent on %(date)s.",
                        "%(n)s invitations are recorded as sent on %(date)s.",
                        len(sent),
                    )
                    % {"n": len(sent), "date": date_format(sent_on, "SHORT_DATE_FORMAT")},
                )
            else:
                messages.success(request, _("%(n)s invitations sent.") % {"n": len(sent)})
            return redirect("events:invitations", pk=event.pk)
    enrolled = set(event.programme.organisations_at(Step.ENROLLED).values_list("pk", flat=True))
    counts = {s: invited.filter(status=s).count() for s in InvitationStatus.values}
    return render(
        request,
        "events/staff/invitations.html",
        {
            "event": event,
            "invitations": invited,
            "form": form,
            "enrolled_ids": enrolled,
            "counts": counts,
            "has_candidates": candidates.exists(),
        },
    )


# ---- registrations --------------------------------------------------------------------------


@staff_required
def registrations(request, pk: int):
    event = staff_event(request, pk)
    form = OnBehalfForm(
        request.POST or None,
        organisations=participants(),
        initial={"organisation": request.GET.get("organisation")},
        refresh_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_create(
                actor=request.user,
                event=event,
                person=form.cleaned_data["person"],
                organisation=form.cleaned_data["organisation"],
                source=RegistrationSource.ON_BEHALF,
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {"person": registration.person, "status": registration.get_status_display()},
            )
            return redirect("events:registrations", pk=event.pk)
    rows = event.registrations.select_related("person", "organisation")
    return render(
        request,
        "events/staff/registrations.html",
        {
            "event": event,
            "form": form,
            "holding": rows.filter(
                status__in=[
                    RegistrationStatus.REGISTERED,
                    RegistrationStatus.OFFERED,
                    RegistrationStatus.ATTENDED,
                ]
            ),
            "waiting": event.waiting_list().select_related("person", "organisation"),
            "other": rows.filter(
                status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.NO_SHOW]
            ),
            "seats_taken": event.seats_taken(),
            "seats_left": event.seats_left(),
            "failed_mail": OutboxMessage.objects.filter(
                registration__event=event, status=MailStatus.FAILED
            ).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def registration_cancel_staff(request, pk: int):
    registration = get_for_user(
        request.user, Registration.objects.select_related("event", "person"), EDIT, pk=pk
    )
    if request.method == "GET":
        return cancel_question(
            request,
            registration,
            back=reverse("events:registrations", args=[registration.event_id]),
        )
    try:
        registration_cancel(
            actor=request.user, registration=registration, reason=CancelReason.STAFF
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("events:registrations", pk=registration.event_id)
