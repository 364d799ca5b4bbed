"""The traceability page of a field (need → priority → measures → outputs → reach) and the
public accountability page.

Traceability is read by staff and by the associations' representatives (the forum's
readers): it shows aggregates only. Need figures follow the needs pages' rule (none for a
group of fewer than MIN_GROUP associations, except for coordinators); the names of the
associations reached are for staff, one association's need for coordinators. The
accountability page is public and names no one.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.measures.accountability import public_measures
from vereinsforum.measures.models import Measure
from vereinsforum.measures.traceability import field_trace
from vereinsforum.programmes.models import Field, Programme

trace_reader = role_required(*STAFF_ROLES, Role.REPRESENTATIVE)


def _fields(programme: Programme | None):
    return list(programme.fields.order_by("position")) if programme else []


@trace_reader
def trace_index(request):
    programme = Programme.current()
    return render(
        request,
        "measures/traceability_index.html",
        {"programme": programme, "fields": _fields(programme)},
    )


@trace_reader
def field_trace_view(request, pk: int):
    field = get_object_or_404(Field.objects.select_related("programme"), pk=pk)
    user = request.user
    staff = user.role in STAFF_ROLES
    trace = field_trace(
        field,
        measures=Measure.objects.for_user(user),
        privileged=user.role == Role.COORDINATOR,
        names=staff,
    )
    return render(
        request,
        "measures/traceability.html",
        {
            "trace": trace,
            "staff": staff,
            "fields": _fields(field.programme),
        },
    )


def accountability(request):
    programme = Programme.current()
    return render(
        request,
        "measures/accountability.html",
        {
            "programme": programme,
            "groups": public_measures(programme) if programme else [],
        },
    )
