"""The organisations' and people's pages: lists, details, editing, contacts and their roles,
and erasure. Each view fetches through the scoping helpers and calls one service; what an
editor may change is decided in the service, from the actor (organisations/services.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, can, get_for_user, login_with_role, role_required
from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.organisations.changes import OrganisationFields, PersonFields
from vereinsforum.organisations.forms import (
    AffiliationAddForm,
    AffiliationEndForm,
    NewPersonForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonEraseForm,
    PersonForm,
)
from vereinsforum.organisations.hooks import detail_panels
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.organisations.scoping import STAFF_EDITABLE, editable_organisation_fields
from vereinsforum.organisations.services import (
    affiliation_add,
    affiliation_end,
    organisation_create,
    organisation_update,
    person_create,
    person_pseudonymise,
    person_update,
)

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
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "may_create": request.user.is_coordinator,
        },
    )


@login_with_role
def organisation_detail(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), pk=pk)
    affiliations = (
        Affiliation.objects.filter(organisation=organisation)
        .for_user(request.user)
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    history = None
    if request.user.is_coordinator:
        history = AuditEntry.objects.for_target(organisation).select_related("actor")[:10]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            # Contacts whose role starts later are listed with the current ones.
            "contacts": affiliations.exclude(pk__in=affiliations.former().values("pk")),
            "former_contacts": affiliations.former(),
            "may_edit": can(request.user, EDIT, organisation),
            "history": history,
            # The participation panel: programmes builds on organisations, so it adds its
            # part through an AppConfig hook instead of being imported here.
            **detail_panels(request.user, organisation),
        },
    )


@login_with_role
def organisation_edit(request, pk: int):
    organisation = get_for_user(request.user, Organisation.objects.all(), EDIT, pk=pk)
    # The form validates a copy: a rejected input must not show up as the saved name.
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=Organisation.objects.get(pk=pk),
        # The form offers what the service will accept (it decides again, from the actor).
        editable=editable_organisation_fields(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                actor=request.user,
                organisation=organisation,
                changes=OrganisationFields.from_values(form.cleaned_data),
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
        {
            "page": page,
            "q": q,
            "total": page.paginator.count,
            "may_create": request.user.is_coordinator,
        },
    )


@login_with_role
def person_detail(request, pk: int):
    person = get_for_user(request.user, Person.objects.all(), pk=pk)
    affiliations = (
        person.affiliations.for_user(request.user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    editable_orgs = set(
        Organisation.objects.for_user(request.user, EDIT).values_list("pk", flat=True)
    )
    for affiliation in affiliations:
        affiliation.may_end = affiliation.organisation_id in editable_orgs
    erased = bool(person.pseudonymised_at)
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "affiliations": affiliations,
            "account": getattr(person, "account", None) if request.user.is_coordinator else None,
            "may_erase": request.user.is_coordinator and not erased,
            "may_edit": not erased and can(request.user, EDIT, person),
            "may_affiliate": not erased and bool(editable_orgs),
            "today": timezone.localdate(),
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
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The personal data has been erased. Counts and participation are kept."),
            )
            return redirect("organisations:person", pk=pk)
    return render(request, "organisations/person_erase.html", {"person": person, "form": form})


# ---- creating and editing -------------------------------------------------------------------


def _post_or_none(request):
    return request.POST if request.method == "POST" else None


@role_required(Role.COORDINATOR)
def organisation_create_view(request):
    form = OrganisationForm(_post_or_none(request), editable=STAFF_EDITABLE)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(
                actor=request.user,
                fields=OrganisationFields.from_values(form.cleaned_data),
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation has been created."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/organisation_create.html", {"form": form})


@role_required(Role.COORDINATOR)
def person_create_view(request):
    form = NewPersonForm(_post_or_none(request), organisations=Organisation.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                start=form.cleaned_data["start"],
                **form.person_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person has been added."))
            return redirect("organisations:person", pk=person.pk)
    return render(request, "organisations/person_create.html", {"form": form})


@login_with_role
def contact_create(request, pk: int):
    """A new contact for one organisation: coordinators, and a representative for their own."""
    organisation = get_for_user(request.user, Organisation.objects.all(), EDIT, pk=pk)
    form = NewPersonForm(_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        try:
            person_create(
                actor=request.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
                start=form.cleaned_data["start"],
                **form.person_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact has been added."))
            return redirect("organisations:detail", pk=pk)
    return render(
        request,
        "organisations/contact_create.html",
        {"organisation": organisation, "form": form},
    )


@login_with_role
def person_edit(request, pk: int):
    person = get_for_user(request.user, Person.objects.all(), EDIT, pk=pk)
    if person.pseudonymised_at:
        messages.info(request, _("This person has been erased and can no longer be changed."))
        return redirect("organisations:person", pk=pk)
    # A copy, as on the organisation page: a rejected name must not show up as saved.
    form = PersonForm(_post_or_none(request), instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                actor=request.user,
                person=person,
                changes=PersonFields.from_values(form.cleaned_data),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisations:person", pk=pk)
    return render(request, "organisations/person_edit.html", {"person": person, "form": form})


@login_with_role
def organisation_affiliation_add(request, pk: int):
    """An existing person takes a role in this organisation."""
    organisation = get_for_user(request.user, Organisation.objects.all(), EDIT, pk=pk)
    people = Person.objects.for_user(request.user).active().order_by("last_name", "first_name")
    form = AffiliationAddForm(_post_or_none(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            affiliation_add(
                actor=request.user,
                organisation=organisation,
                **{k: form.cleaned_data[k] for k in ("person", "role", "start", "end")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role has been recorded."))
            return redirect("organisations:detail", pk=pk)
    return render(
        request,
        "organisations/affiliation_add.html",
        {"organisation": organisation, "form": form},
    )


@login_with_role
def person_affiliation_add(request, pk: int):
    """This person takes a role in one of the organisations the user may edit."""
    person = get_for_user(request.user, Person.objects.all(), pk=pk)
    organisations = Organisation.objects.for_user(request.user, EDIT)
    if not organisations.exists():
        raise PermissionDenied
    if person.pseudonymised_at:
        messages.info(request, _("This person has been erased and can no longer be changed."))
        return redirect("organisations:person", pk=pk)
    form = AffiliationAddForm(_post_or_none(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            affiliation_add(
                actor=request.user,
                person=person,
                **{k: form.cleaned_data[k] for k in ("organisation", "role", "start", "end")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role has been recorded."))
            return redirect("organisations:person", pk=pk)
    return render(request, "organisations/affiliation_add.html", {"person": person, "form": form})


@login_with_role
def affiliation_end_view(request, pk: int):
    affiliation = get_for_user(
        request.user,
        Affiliation.objects.select_related("person", "organisation"),
        EDIT,
        pk=pk,
    )
    # Back to the page the user came from; only these two, never a free URL.
    back_to_person = request.GET.get("from", request.POST.get("from")) == "person"
    back = (
        redirect("organisations:person", pk=affiliation.person_id)
        if back_to_person
        else redirect("organisations:detail", pk=affiliation.organisation_id)
    )
    form = AffiliationEndForm(
        _post_or_none(request), initial={"end": affiliation.end or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            affiliation_end(
                actor=request.user, affiliation=affiliation, end=form.cleaned_data["end"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The end of the role has been recorded."))
            return back
    return render(
        request,
        "organisations/affiliation_end.html",
        {
            "affiliation": affiliation,
            "form": form,
            "back_to_person": back_to_person,
            "back_url": back.url,
        },
    )
