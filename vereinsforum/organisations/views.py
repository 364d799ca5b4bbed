from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vereinsforum.accounts.scoping import EDIT, can, get_for_user, login_with_role
from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.forms import OrganisationFilterForm, OrganisationForm
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.organisations.services import (
    REPRESENTATIVE_EDITABLE,
    STAFF_EDITABLE,
    organisation_update,
)
from vereinsforum.programmes.models import ParticipationStep

PAGE_SIZE = 20


@login_with_role
def organisation_list(request):
    visible = Organisation.objects.for_user(request.user)
    districts = (
        visible.exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    form = OrganisationFilterForm(request.GET or None, districts=list(districts))
    qs = visible.prefetch_related("languages")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(
                Q(name__icontains=data["q"])
                | Q(short_name__icontains=data["q"])
                | Q(communities__icontains=data["q"])
            )
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["district"]:
            qs = qs.filter(district=data["district"])
        if data["language"]:
            qs = qs.filter(languages=data["language"])
        if data["status"]:
            qs = qs.filter(participations__steps__step=data["status"])
    page = Paginator(qs.distinct().order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {"form": form, "page": page, "total": page.paginator.count},
    )


@login_with_role
def organisation_detail(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), pk=pk)
    affiliations = (
        Affiliation.objects.filter(
            organisation=organisation, person__in=Person.objects.for_user(request.user)
        )
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    steps = (
        ParticipationStep.objects.filter(participation__organisation=organisation)
        .select_related("participation__programme")
        .order_by("date", "id")
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "affiliations": affiliations,
            "steps": steps,
            "may_edit": can(request.user, EDIT, organisation),
            "history": AuditEntry.objects.for_target(organisation)[:10]
            if request.user.is_coordinator
            else None,
        },
    )


@login_with_role
def organisation_edit(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), EDIT, pk=pk)
    staff = request.user.is_coordinator
    form = OrganisationForm(request.POST or None, instance=organisation, staff=staff)
    if request.method == "POST" and form.is_valid():
        allowed = STAFF_EDITABLE if staff else REPRESENTATIVE_EDITABLE
        data = {k: v for k, v in form.cleaned_data.items() if k in allowed}
        try:
            organisation_update(
                actor=request.user,
                organisation=Organisation.objects.get(pk=pk),
                data=data,
                languages=form.cleaned_data["languages"],
                allowed=allowed,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisations:detail", pk=pk)
    return render(
        request,
        "organisations/organisation_edit.html",
        {"organisation": organisation, "form": form},
    )


@login_with_role
def person_list(request):
    people = Person.objects.for_user(request.user).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )
    q = request.GET.get("q", "").strip()
    if q:
        people = people.filter(
            Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(affiliations__organisation__name__icontains=q)
        )
    page = Paginator(people.order_by("last_name", "first_name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "organisations/person_list.html", {"page": page, "q": q})
