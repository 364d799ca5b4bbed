"""Pages for the programme staff at the door: check-in (search, QR code), walk-ins, the
attendance list after the event (CSV import, the form, closing), and the kick-off's
enrolment. The event's own pages are in staff_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vereinsforum.accounts.scoping import EDIT, get_for_user
from vereinsforum.events.attendance_import import (
    ImportRow,
    attendance_candidates,
    attendee_key,
    parse_attendance,
)
from vereinsforum.events.forms import (
    AttendanceImportForm,
    AttendanceRecordForm,
    CodeForm,
    EnrolForm,
    SearchForm,
    WalkInForm,
)
from vereinsforum.events.models import (
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from vereinsforum.events.services.door import (
    attendance_close,
    attendance_confirm,
    attendance_record,
    registration_check_in,
    walk_in_record,
)
from vereinsforum.events.services.funnel import kick_off_enrol_many
from vereinsforum.events.staff_views import participants, staff_event, staff_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.params import positive_int
from vereinsforum.programmes.models import Step

# ---- check-in -------------------------------------------------------------------------------


def _checkin_rows(event: Event, query: str):
    rows = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__last_name")
    )
    if query:
        rows = rows.filter(
            Q(person__last_name__icontains=query)
            | Q(person__first_name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(code__iexact=query)
        )
    return rows


@staff_required
def checkin(request, pk: int):
    event = staff_event(request, pk)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "event": event,
        "search": search,
        "code_form": CodeForm(),
        "rows": _checkin_rows(event, query),
        "query": query,
        "attended": event.registrations.filter(status=RegistrationStatus.ATTENDED).count(),
        "is_kick_off": event.kind == EventKind.KICK_OFF,
        "is_training": event.kind == EventKind.TRAINING,
        "started": timezone.now() >= event.start,
    }
    if event.kind == EventKind.KICK_OFF:
        enrolled = set(event.programme.organisations_at(Step.ENROLLED).values_list("pk", flat=True))
        attending = event.attending_organisations().order_by("name")
        context["kick_off_orgs"] = [(org, org.pk in enrolled) for org in attending]
        context["enrol_form"] = EnrolForm(organisations=attending.exclude(pk__in=enrolled))
    if request.headers.get("HX-Request") == "true":
        return render(request, "events/staff/checkin.html#rows", context)
    return render(request, "events/staff/checkin.html", context)


@require_POST
@staff_required
def checkin_registration(request, pk: int):
    registration = get_for_user(
        request.user,
        Registration.objects.select_related("event", "person", "organisation"),
        EDIT,
        pk=pk,
    )
    error = ""
    try:
        registration = registration_check_in(actor=request.user, registration=registration)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request") == "true":
        registration.refresh_from_db()
        return render(
            request,
            "events/staff/checkin.html#row",
            {"row": registration, "event": registration.event, "row_error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(person)s is checked in.") % {"person": registration.person})
    return redirect("events:checkin", pk=registration.event_id)


@require_POST
@staff_required
def checkin_code(request, pk: int):
    event = staff_event(request, pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"].strip()
        registration = event.registrations.filter(code__iexact=code).first()
        if registration is None:
            messages.error(
                request, _("No registration for this event has the code %(code)s.") % {"code": code}
            )
        else:
            try:
                registration_check_in(actor=request.user, registration=registration)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("%(person)s (%(org)s) is checked in.")
                    % {"person": registration.person, "org": registration.organisation or "–"},
                )
    else:
        messages.error(request, _("Please enter a check-in code."))
    return redirect("events:checkin", pk=event.pk)


@staff_required
def walk_in(request, pk: int):
    event = staff_event(request, pk)
    form = WalkInForm(request.POST or None, organisations=participants())
    if request.method == "POST" and form.is_valid():
        try:
            registration = walk_in_record(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("%(person)s is recorded as attended.") % {"person": registration.person}
            )
            return redirect("events:checkin", pk=event.pk)
    return render(request, "events/staff/walk_in.html", {"event": event, "form": form})


@staff_required
def attendance_import_view(request, pk: int):
    event = staff_event(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        ids = [positive_int(v) for v in request.POST.getlist("registration")]
        keys = set(request.POST.getlist("attendee"))
        attendees = (
            [
                (organisation, person)
                for organisation, people in attendance_candidates(event)
                for person in people
                if attendee_key(organisation, person) in keys
            ]
            if keys
            else []
        )
        try:
            done = attendance_confirm(
                actor=request.user,
                event=event,
                registration_ids=[i for i in ids if i],
                attendees=attendees,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("events:attendance_import", pk=event.pk)
        messages.success(request, _("%(n)s people checked in from the list.") % {"n": done})
        return redirect("events:checkin", pk=event.pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    rows: list[ImportRow] = []
    file_error = ""
    if request.method == "POST" and form.is_valid():
        rows, file_error = parse_attendance(event, form.cleaned_data["text"])
        form = AttendanceImportForm()
    return render(
        request,
        "events/staff/attendance_import.html",
        {
            "event": event,
            "form": form,
            "rows": rows,
            "file_error": file_error,
            "valid": sum(1 for r in rows if r.ok and not r.already),
            "invalid": sum(1 for r in rows if not r.ok),
        },
    )


@staff_required
def attendance_record_view(request, pk: int):
    """After the event: tick on a list who came (from the signed attendance sheet)."""
    event = staff_event(request, pk)
    groups = attendance_candidates(event)
    form = AttendanceRecordForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            count = attendance_record(
                actor=request.user, event=event, attendees=form.attendee_pairs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s person is recorded as attended on %(date)s.",
                    "%(n)s people are recorded as attended on %(date)s.",
                    count,
                )
                % {
                    "n": count,
                    "date": date_format(timezone.localdate(event.start), "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("events:checkin", pk=event.pk)
    attended = dict(
        event.registrations.filter(status=RegistrationStatus.ATTENDED).values_list(
            "person_id", "organisation_id"
        )
    )
    chosen = set(form["attendees"].value() or [])
    return render(
        request,
        "events/staff/attendance_record.html",
        {
            "event": event,
            "form": form,
            "started": timezone.now() >= event.start,
            "groups": [
                (
                    organisation,
                    [
                        {
                            "person": person,
                            "key": attendee_key(organisation, person),
                            "attended_here": attended.get(person.pk, 0) == organisation.pk,
                            "attended": person.pk in attended,
                        }
                        for person in people
                    ],
                )
                for organisation, people in groups
            ],
            "chosen": chosen,
        },
    )


@require_POST
@staff_required
def attendance_close_view(request, pk: int):
    event = staff_event(request, pk)
    try:
        count = attendance_close(actor=request.user, event=event)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("%(n)s registrations marked as not attended.") % {"n": count})
    return redirect("events:checkin", pk=event.pk)


@require_POST
@staff_required
def kick_off_enrol_view(request, pk: int):
    event = staff_event(request, pk)
    form = EnrolForm(request.POST, organisations=event.attending_organisations())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("events:checkin", pk=event.pk)
    try:
        count = kick_off_enrol_many(
            actor=request.user,
            event=event,
            organisations=form.cleaned_data["organisations"],
            on=form.cleaned_data["enrolled_on"],
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s association is enrolled in the programme as of %(date)s.",
                "%(n)s associations are enrolled in the programme as of %(date)s.",
                count,
            )
            % {
                "n": count,
                "date": date_format(form.cleaned_data["enrolled_on"], "SHORT_DATE_FORMAT"),
            },
        )
    return redirect("events:checkin", pk=event.pk)
