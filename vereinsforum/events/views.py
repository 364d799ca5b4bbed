"""Pages for everyone: the event list and calendar, the event page, offers, tickets, feeds."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vereinsforum.accounts.scoping import EDIT, acting_user, get_for_user, login_with_role
from vereinsforum.events.certificates import certificate_pdf
from vereinsforum.events.forms import EventFilterForm, RegisterForm, SwapForm
from vereinsforum.events.history import attendance_history
from vereinsforum.events.ical import event_ics, feed_ics
from vereinsforum.events.models import (
    CLAIMING,
    SEAT_HOLDING,
    CalendarFeed,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationStatus,
)
from vereinsforum.events.qr import qr_svg
from vereinsforum.events.scoping import feed_is_live, is_event_staff
from vereinsforum.events.services.feeds import calendar_feed_create, calendar_feed_revoke
from vereinsforum.events.services.invitations import invitation_answer
from vereinsforum.events.services.registration import (
    offer_accept,
    registration_cancel,
    registration_create,
    registration_swap,
)
from vereinsforum.lib.params import positive_int
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.organisations.scoping import currently_affiliated


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# ---- list and calendar ----------------------------------------------------------------------


#: Events a page, in each of the list's two parts (upcoming, past).
PAGE_SIZE = 50


def event_list_queryset(user: Any, kind: str = "") -> QuerySet[Event]:
    """The events the list shows to `user`, of one kind or all: scoped by EXISTS subqueries
    (events/scoping.py), so no join and no DISTINCT whatever the role."""
    events = Event.objects.for_user(user).select_related("location")
    return events.filter(kind=kind) if kind else events


def event_list(request):
    form = EventFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    events = event_list_queryset(request.user, kind)
    now = timezone.now()
    # Two parts, each paged by its own parameter; the filter stays in every page link. Both
    # counted in one query: each scoped count costs a representative's list 4 ms.
    counts = events.aggregate(
        upcoming=Count("pk", filter=Q(end__gte=now)), past=Count("pk", filter=Q(end__lt=now))
    )
    upcoming = Paginator(events.filter(end__gte=now).order_by("start", "pk"), PAGE_SIZE)
    past = Paginator(events.filter(end__lt=now).order_by("-start", "-pk"), PAGE_SIZE)
    upcoming.count, past.count = counts["upcoming"], counts["past"]
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "upcoming": upcoming.get_page(request.GET.get("page")),
            "past": past.get_page(request.GET.get("past_page")),
            "today": timezone.localdate(),
            "is_staff": is_event_staff(request.user),
        },
    )


def event_calendar(request, year: int | None = None, month: int | None = None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    first = date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = timezone.make_aware(datetime.combine(weeks[0][0], datetime.min.time()))
    end = timezone.make_aware(
        datetime.combine(weeks[-1][-1] + timedelta(days=1), datetime.min.time())
    )
    by_day: dict[date, list[Event]] = {}
    for event in (
        Event.objects.for_user(request.user).filter(start__lt=end, end__gte=start).order_by("start")
    ):
        by_day.setdefault(timezone.localdate(event.start), []).append(event)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=32)
    return render(
        request,
        "events/event_calendar.html",
        {
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "weekdays": [weeks[0][i] for i in range(7)],
            "previous": previous.replace(day=1),
            "following": following.replace(day=1),
            "today": today,
        },
    )


# ---- the event page -------------------------------------------------------------------------


def _panel_context(request, event: Event, errors: list[str] | None = None) -> dict:
    user = request.user
    # Only an account that acts for its organisation gets the organisation's panel: a former
    # chair must not see (or choose from) the association's current members and seats.
    organisation = user.acting_for if acting_user(user) else None
    # The seats and the waiting list counted from the rows in one query (as `seats_taken`).
    counts = event.registrations.aggregate(
        taken=Count("pk", filter=Q(status__in=SEAT_HOLDING)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    taken = counts["taken"]
    context = {
        "event": event,
        "seats_taken": taken,
        "seats_left": None if event.capacity is None else max(0, event.capacity - taken),
        "waiting": counts["waiting"],
        "errors": errors or [],
        "is_staff": is_event_staff(user),
        "registration_open": event.registration_open(),
        "organisation": organisation,
    }
    if organisation is not None:
        own = (
            event.registrations.filter(organisation=organisation)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("person")
        )
        people = (
            Person.objects.active()
            .affiliated_with(organisation)
            .exclude(pk__in=own.values("person"))
            .order_by("last_name", "first_name")
        )
        claimed = own.filter(status__in=CLAIMING).count()
        cap = event.seats_per_association
        context.update(
            {
                "invitation": Invitation.objects.filter(
                    event=event, organisation=organisation
                ).first(),
                "own": own,
                "form": RegisterForm(people=people) if people.exists() else None,
                "swap_people": people,
                "cap_reached": cap is not None and claimed >= cap,
                "full": event.capacity is not None and taken >= event.capacity,
            }
        )
    return context


def _panel(request, event: Event, errors: list[str] | None = None):
    # htmx swaps only 2xx answers, so errors come back with 200 inside the panel.
    context = {**_panel_context(request, event, errors), "htmx": True}
    return render(request, "events/event_detail.html#panel", context)


def event_detail(request, pk: int):
    event = get_for_user(request.user, Event.objects.select_related("location", "programme"), pk=pk)
    context = _panel_context(request, event)
    context["fields"] = event.fields.all()
    context["languages"] = event.languages.all()
    return render(request, "events/event_detail.html", context)


def _after_write(request, event: Event, errors: list[str] | None = None):
    if _is_htmx(request):
        return _panel(request, event, errors)
    for error in errors or []:
        messages.error(request, error)
    return redirect("events:detail", pk=event.pk)


@require_POST
@login_with_role
def event_register(request, pk: int):
    event = get_for_user(request.user, Event.objects.all(), pk=pk)
    organisation = request.user.acting_for
    if organisation is None:
        raise PermissionDenied
    people = Person.objects.active().affiliated_with(organisation)
    form = RegisterForm(request.POST, people=people)
    if not form.is_valid():
        return _after_write(request, event, [_("Please choose a delegate of your association.")])
    try:
        registration = registration_create(
            actor=request.user,
            event=event,
            person=form.cleaned_data["person"],
            organisation=organisation,
        )
    except ValidationError as exc:
        return _after_write(request, event, _errors(exc))
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.info(request, _("The event is full: you are on the waiting list."))
    else:
        messages.success(request, _("Registered. The confirmation is on its way by e-mail."))
    return _after_write(request, event)


def _own_registration(request, pk: int) -> Registration:
    return get_for_user(
        request.user, Registration.objects.select_related("event", "person"), action=EDIT, pk=pk
    )


@require_http_methods(["GET", "POST"])
@login_with_role
def registration_cancel_view(request, pk: int):
    registration = _own_registration(request, pk)
    if request.method == "GET":
        # The question the dialog asks (web/confirm-dialog.js), as a page for browsers
        # without JavaScript.
        return cancel_question(
            request, registration, back=reverse("events:detail", args=[registration.event_id])
        )
    try:
        registration_cancel(actor=request.user, registration=registration)
    except ValidationError as exc:
        return _after_write(request, registration.event, _errors(exc))
    messages.success(request, _("The registration is cancelled."))
    return _after_write(request, registration.event)


def cancel_question(request, registration: Registration, *, back: str):
    """The page that asks before a registration is cancelled (also for staff_views)."""
    open_claim = registration.status in CLAIMING and registration.status != (
        RegistrationStatus.ATTENDED
    )
    if not open_claim or timezone.now() >= registration.event.start:
        messages.info(request, _("This registration can no longer be cancelled."))
        return redirect(back)
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "action": request.path,
            "back": back,
        },
    )


@require_POST
@login_with_role
def registration_swap_view(request, pk: int):
    registration = _own_registration(request, pk)
    active = Person.objects.active()
    people = (
        active.affiliated_with(registration.organisation_id)
        if registration.organisation_id is not None
        # A public registration, held for no association: anyone affiliated with one.
        else active.filter(currently_affiliated(None))
    )
    form = SwapForm(request.POST, people=people)
    if not form.is_valid():
        return _after_write(request, registration.event, [_("Please choose a new delegate.")])
    try:
        registration_swap(
            actor=request.user, registration=registration, person=form.cleaned_data["person"]
        )
    except ValidationError as exc:
        return _after_write(request, registration.event, _errors(exc))
    messages.success(request, _("The seat has passed to the new delegate."))
    return _after_write(request, registration.event)


@require_POST
@login_with_role
def invitation_answer_view(request, pk: int):
    invitation = get_for_user(
        request.user, Invitation.objects.select_related("event"), action=EDIT, pk=pk
    )
    status = request.POST.get("status", "")
    try:
        invitation_answer(actor=request.user, invitation=invitation, status=status)
    except ValidationError as exc:
        return _after_write(request, invitation.event, _errors(exc))
    if status == InvitationStatus.ACCEPTED:
        messages.success(
            request, _("Thank you: the invitation is accepted. Now name your delegates.")
        )
    else:
        messages.info(request, _("The invitation is declined."))
    return _after_write(request, invitation.event)


# ---- offers and tickets (reached by the secret code in the e-mail) --------------------------


def offer(request, code: str):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__location", "person", "organisation"),
        code=code,
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            registration = offer_accept(actor=request.user, registration=registration)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Your seat is confirmed. See you there!"))
            return redirect("events:ticket", code=registration.code)
    registration.refresh_from_db()
    return render(
        request,
        "events/offer.html",
        {"registration": registration, "event": registration.event, "errors": errors},
        status=422 if errors else 200,
    )


def ticket(request, code: str):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__location", "person", "organisation"),
        code=code,
    )
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": qr_svg(registration.code, label=_("QR code for the check-in"))
            if registration.status in SEAT_HOLDING
            else "",
        },
    )


def event_ics_view(request, pk: int):
    event = get_for_user(request.user, Event.objects.select_related("location"), pk=pk)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


@login_with_role
def certificate(request, pk: int):
    registration = get_for_user(
        request.user,
        Registration.objects.select_related("event", "person", "organisation"),
        pk=pk,
    )
    if registration.event.kind != EventKind.TRAINING:
        raise Http404
    if registration.status != RegistrationStatus.ATTENDED:
        messages.error(request, _("A certificate is only issued for attended trainings."))
        return redirect("events:detail", pk=registration.event_id)
    filename, content_type, content = certificate_pdf(registration)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- history ----------------------------------------------------------------------------


@login_with_role
def history_organisation(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), pk=pk)
    history = attendance_history(
        Registration.objects.for_user(request.user).filter(organisation=organisation)
    )
    return render(
        request,
        "events/history.html",
        {"subject": organisation, "history": history, "is_organisation": True},
    )


@login_with_role
def history_person(request, pk: int):
    person = get_for_user(request.user, Person.objects.all(), pk=pk)
    # Only the rows the user may see: a person's registrations for another association
    # (and that association's events) are not the representative's to read.
    history = attendance_history(Registration.objects.for_user(request.user).filter(person=person))
    return render(
        request,
        "events/history.html",
        {"subject": person, "history": history, "is_organisation": False},
    )


# ---- calendar feeds -------------------------------------------------------------------------


def _feed_owners(user) -> dict:
    return {"organisation": user.acting_for, "person": user.person}


@login_with_role
def feeds(request):
    user = request.user
    owners = _feed_owners(user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            feed = get_object_or_404(_my_feeds(user), pk=positive_int(request.POST.get("feed")))
            calendar_feed_revoke(actor=user, feed=feed)
            messages.success(request, _("The feed address is revoked and no longer works."))
        elif action in owners and owners[action] is not None:
            calendar_feed_create(actor=user, **{action: owners[action]})
            messages.success(request, _("A new feed address has been created."))
        else:
            raise PermissionDenied
        return redirect("events:feeds")
    return render(
        request,
        "events/feeds.html",
        {
            "feeds": _my_feeds(user).select_related("organisation", "person"),
            "organisation": owners["organisation"],
            "person": owners["person"],
            "public_url": request.build_absolute_uri(reverse("events:public_feed")),
        },
    )


def _my_feeds(user):
    from django.db.models import Q

    mine = Q(person=user.person_id) if user.person_id else Q(pk__in=[])
    if user.acting_for_id:
        mine |= Q(organisation=user.acting_for_id)
    return CalendarFeed.objects.filter(mine)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def feed(request, token: str):
    subscription = get_object_or_404(
        CalendarFeed.objects.active().select_related("organisation", "person", "created_by"),
        token=token,
    )
    if not feed_is_live(subscription):
        raise Http404
    # EXISTS subqueries, so neither a join over the rows nor DISTINCT.
    rows = Registration.objects.exclude(status=RegistrationStatus.CANCELLED)
    rows = rows.filter(event=OuterRef("pk"))
    invitations = Invitation.objects.filter(event=OuterRef("pk"))
    if subscription.organisation_id:
        org = subscription.organisation_id
        # As before: an event with a declined invitation (of any association) is left out.
        invited = Exists(invitations.filter(organisation=org)) & ~Exists(
            invitations.filter(status=InvitationStatus.DECLINED)
        )
        events = Event.objects.filter(Exists(rows.filter(organisation=org)) | invited)
        language = None
    else:
        events = Event.objects.filter(Exists(rows.filter(person=subscription.person_id)))
        language = subscription.person.preferred_language
    events = events.select_related("location").order_by("start")
    return _ics_response(feed_ics(str(subscription), events, language=language), "vereinsforum.ics")


def public_feed(request):
    events = Event.objects.public().select_related("location").order_by("start")
    return _ics_response(
        feed_ics(_("Vereinsforum – public events"), events), "vereinsforum-oeffentlich.ics"
    )
