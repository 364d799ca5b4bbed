from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, can, get_for_user, login_with_role, role_required
from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    PersonEraseForm,
)
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.organisations.services import (
    REPRESENTATIVE_EDITABLE,
    STAFF_EDITABLE,
    organisation_update,
    person_pseudonymise,
)
from vereinsforum.programmes.models import ParticipationStep

PAGE_SIZE = 20


def _add_service_error(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where the form has them."""
    if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages)


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
    qs = visible
    if form.is_bound and form.is_valid():
        qs = visible.matching(**{k: v for k, v in form.cleaned_data.items() if v})
    elif form.is_bound:
        qs = visible.none()  # a filter we could not read must not show everything
    page = Paginator(qs.prefetch_related("languages").order_by("name", "pk"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
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
    history = None
    if request.user.is_coordinator:
        history = AuditEntry.objects.for_target(organisation).select_related("actor")[:10]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "affiliations": affiliations,
            "steps": steps,
            "may_edit": can(request.user, EDIT, organisation),
            "history": history,
        },
    )


@login_with_role
def organisation_edit(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), EDIT, pk=pk)
    staff = request.user.is_coordinator
    # The form validates a copy: a rejected input must not show up as the saved name.
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=Organisation.objects.get(pk=pk),
        staff=staff,
    )
    if request.method == "POST" and form.is_valid():
        allowed = STAFF_EDITABLE if staff else REPRESENTATIVE_EDITABLE
        data = {k: v for k, v in form.cleaned_data.items() if k in allowed}
        try:
            organisation_update(
                actor=request.user,
                organisation=organisation,
                data=data,
                languages=form.cleaned_data["languages"],
                allowed=allowed,
            )
        except ValidationError as exc:
            _add_service_error(form, exc)
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
    visible_orgs = Organisation.objects.for_user(request.user)
    people = Person.objects.for_user(request.user).prefetch_related(
        # Only the affiliations with organisations the user may see: a contact of an
        # assigned association may also belong to one the user must not learn about.
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(organisation__in=visible_orgs).select_related(
                "organisation"
            ),
        )
    )
    q = request.GET.get("q", "").strip()
    if q:
        people = people.filter(
            Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(
                pk__in=Affiliation.objects.filter(
                    organisation__in=visible_orgs, organisation__name__icontains=q
                ).values("person_id")
            )
        )
    page = Paginator(people.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/person_list.html",
        {"page": page, "q": q, "total": page.paginator.count},
    )


@login_with_role
def person_detail(request, pk: int):
    person = get_for_user(request.user, Person.objects.all(), pk=pk)
    affiliations = person.affiliations.filter(
        organisation__in=Organisation.objects.for_user(request.user)
    ).select_related("organisation")
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "affiliations": affiliations,
            "account": getattr(person, "account", None) if request.user.is_coordinator else None,
            "may_erase": request.user.is_coordinator and not person.pseudonymised_at,
        },
    )


@role_required(Role.COORDINATOR)
def person_erase(request, pk: int):
    person = get_for_user(request.user, Person.objects.all(), EDIT, pk=pk)
    if person.pseudonymised_at:
        messages.info(request, _("This person's data has already been erased."))
        return redirect("organisations:person", pk=pk)
    form = PersonEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_pseudonymise(actor=request.user, person=person)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The personal data has been erased. Counts and participation are kept."),
            )
            return redirect("organisations:person", pk=pk)
    return render(request, "organisations/person_erase.html", {"person": person, "form": form})
