"""Views of measures: they parse input, call one service and render.

Staff plan and run measures; representatives (and an organisation responsible for a
measure) read them, scoped by measures/scoping.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.events.models import Event
from vereinsforum.forum.models import AgendaItem
from vereinsforum.forum.scoping import may_read_forum
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.params import positive_int
from vereinsforum.measures import services
from vereinsforum.measures.forms import DraftFormSet, EventsForm, MeasureForm, StatusChangeForm
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.progress import measure_outcomes, measure_progress
from vereinsforum.measures.scoping import READER_ROLES, is_measure_staff, sees_responsible_person
from vereinsforum.programmes.models import Programme

measure_reader = role_required(*READER_ROLES)
measure_staff = role_required(*STAFF_ROLES)

PAGE_SIZE = 25


def _programme() -> Programme:
    programme = Programme.current()
    if programme is None:
        raise Http404
    return programme


def _measure(request, pk: int, action: str = "view") -> Measure:
    return get_for_user(
        request.user,
        Measure.objects.select_related(
            "programme",
            "responsible_organisation",
            "responsible_person",
            "resolution__session__event",
            "poll__session__event",
        ),
        action,
        pk=pk,
    )


@measure_reader
def measure_list(request):
    measures = (
        Measure.objects.for_user(request.user)
        .by_priority()
        .select_related("programme", "responsible_organisation")
        .prefetch_related("fields")
    )
    programme = Programme.current()
    fields = programme.fields.order_by("position") if programme else []
    filters = {
        "field": positive_int(request.GET.get("field")),
        "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""),
    }
    if filters["field"]:
        measures = measures.filter(fields=filters["field"])
    if filters["status"] in MeasureStatus.values:
        measures = measures.filter(status=filters["status"])
    else:
        filters["status"] = ""
    if filters["kind"] in MeasureKind.values:
        measures = measures.filter(kind=filters["kind"])
    else:
        filters["kind"] = ""
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, measure_progress(m)) for m in page.object_list]
    return render(
        request,
        "measures/measure_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "fields": fields,
            "statuses": MeasureStatus.choices,
            "kinds": MeasureKind.choices,
            "is_staff": is_measure_staff(request.user),
            # The traceability pages' readers (views_trace.trace_reader).
            "may_trace": request.user.role in (*STAFF_ROLES, Role.REPRESENTATIVE),
        },
    )


@measure_reader
def measure_detail(request, pk: int):
    measure = _measure(request, pk)
    events = Event.objects.for_user(request.user).filter(measures=measure).order_by("start")
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "priority": measure.priority(),
            "fields": measure.fields.order_by("position"),
            "progress": measure_progress(measure),
            "outcomes": measure_outcomes(measure),
            "timeline": measure.timeline.select_related("changed_by").order_by("on", "pk"),
            "events": events,
            "hidden_events": measure.events.count() - events.count(),
            "show_person": sees_responsible_person(request.user, measure),
            "may_read_forum": may_read_forum(request.user),
            "is_staff": is_measure_staff(request.user),
            "status_form": StatusChangeForm(measure=measure) if not measure.is_final else None,
        },
    )


@measure_staff
def measure_create(request):
    programme = _programme()
    form = MeasureForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.measure_create(
                actor=request.user,
                programme=programme,
                kind=data["kind"],
                title=data["title"],
                fields=data["fields"],
                description=data["description"],
                status=data["status"],
                on=data["on"],
                responsible_organisation=data["responsible_organisation"],
                responsible_person=data["responsible_person"],
                target_participants=data["target_participants"],
                target_associations=data["target_associations"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The measure has been created."))
            return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/measure_form.html", {"form": form, "measure": None})


@measure_staff
def measure_edit(request, pk: int):
    measure = _measure(request, pk, EDIT)
    initial = {
        "title": measure.title,
        "kind": measure.kind,
        "fields": list(measure.fields.all()),
        "description": measure.description,
        "responsible_organisation": measure.responsible_organisation_id,
        "responsible_person": measure.responsible_person_id,
        "poll": measure.poll_id,
        "target_participants": measure.target_participants,
        "target_associations": measure.target_associations,
        "feedback": measure.feedback,
        "start": measure.start,
        "end": measure.end,
    }
    form = MeasureForm(
        request.POST or None, programme=measure.programme, measure=measure, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_update(
                actor=request.user,
                measure=measure,
                kind=data["kind"],
                title=data["title"],
                fields=data["fields"],
                description=data["description"],
                responsible_organisation=data["responsible_organisation"],
                responsible_person=data["responsible_person"],
                poll=data["poll"],
                target_participants=data["target_participants"],
                target_associations=data["target_associations"],
                feedback=data["feedback"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/measure_form.html", {"form": form, "measure": measure})


@measure_staff
def measure_status(request, pk: int):
    measure = _measure(request, pk, EDIT)
    if measure.is_final:
        messages.info(request, _("This measure is done or dropped: its timeline has ended."))
        return redirect("measures:detail", pk=measure.pk)
    form = StatusChangeForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_status_change(
                actor=request.user,
                measure=measure,
                status=data["status"],
                on=data["on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/measure_status.html", {"form": form, "measure": measure})


@measure_staff
def measure_events(request, pk: int):
    measure = _measure(request, pk, EDIT)
    # Ticking no event is an answer too: a post without any is bound (unlinks them all).
    form = EventsForm(
        request.POST if request.method == "POST" else None,
        programme=measure.programme,
        initial={"events": list(measure.events.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_events_set(
                actor=request.user, measure=measure, events=form.cleaned_data["events"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The measure's events have been saved."))
            return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/measure_events.html", {"form": form, "measure": measure})


@measure_staff
def measure_from_resolution(request, item_pk: int):
    item = get_for_user(
        request.user,
        AgendaItem.objects.select_related("session__event", "session__body__programme"),
        EDIT,
        pk=item_pk,
    )
    if not services.has_resolution(item):
        raise Http404
    programme = item.session.body.programme
    initial = [
        {
            "title": item.title[:200],
            "kind": services.KIND_OF_RESOLUTION.get(item.resolution_kind, ""),
            "description": item.resolution,
        }
    ]
    formset = DraftFormSet(
        request.POST or None, programme=programme, initial=initial, prefix="measure"
    )
    if request.method == "POST" and formset.is_valid():
        drafts = [
            services.MeasureDraft(
                title=data["title"],
                kind=data["kind"],
                fields=data["fields"],
                description=data["description"],
                responsible_organisation=data["responsible_organisation"],
                target_participants=data["target_participants"],
                target_associations=data["target_associations"],
            )
            for data in (form.cleaned_data for form in formset.forms)
            if data
        ]
        try:
            measures = services.measures_from_resolution(
                actor=request.user, agenda_item=item, items=drafts
            )
        except ValidationError as exc:
            add_service_errors(formset.forms[0], exc)
        else:
            n = len(measures)
            messages.success(
                request,
                ngettext(
                    "%(n)d measure has been created from the resolution.",
                    "%(n)d measures have been created from the resolution.",
                    n,
                )
                % {"n": n},
            )
            if len(measures) == 1:
                return redirect("measures:detail", pk=measures[0].pk)
            return redirect("measures:list")
    return render(
        request,
        "measures/measure_from_resolution.html",
        {
            "formset": formset,
            "item": item,
            "poll": services.resolution_poll(item),
            "existing": item.measures.order_by("pk"),
        },
    )
