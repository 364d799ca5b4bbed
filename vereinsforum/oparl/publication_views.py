"""Coordinator pages: who is published over OParl, on which legal basis; grant and revoke.

The API itself (views.py) stays read-only and public; these pages are the staff side of the
`PublicationBasis` records it reads.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.oparl.catalogue import Catalogue
from vereinsforum.oparl.forms import PublicationBasisForm, PublicationRevokeForm
from vereinsforum.oparl.links import object_url
from vereinsforum.oparl.models import PublicationBasis
from vereinsforum.oparl.services import publication_basis_grant, publication_basis_revoke
from vereinsforum.organisations.models import Organisation, Person


def _post_or_none(request):
    return request.POST if request.method == "POST" else None


def _bodies(also: int | None = None) -> QuerySet:
    """The bodies that publish over OParl, plus the one a record already names."""
    return Organisation.objects.filter(Q(pk__in=Catalogue().body_ids) | Q(pk=also)).order_by("name")


@role_required(Role.COORDINATOR)
def publication_list(request):
    bases = (
        PublicationBasis.objects.for_user(request.user)
        .select_related("person", "body")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    rows = [(basis, object_url("person", basis.pk)) for basis in bases]
    published = [row for row in rows if row[0].is_published]
    withdrawn = [row for row in rows if not row[0].is_published]
    return render(
        request,
        "oparl/publication_list.html",
        {"published": published, "withdrawn": withdrawn},
    )


@role_required(Role.COORDINATOR)
def publication_grant(request):
    people = (
        Person.objects.for_user(request.user, EDIT)
        .active()
        # A person already published is changed on their own page, not granted twice.
        .exclude(pk__in=PublicationBasis.objects.alive().values("person_id"))
        .order_by("last_name", "first_name", "pk")
    )
    initial = {"person": request.GET.get("person")} if request.GET.get("person") else {}
    form = PublicationBasisForm(
        _post_or_none(request), bodies=_bodies(), people=people, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            publication_basis_grant(actor=request.user, person=person, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now published over OParl.") % {"name": person.full_name},
            )
            return redirect("oparl:publication_list")
    return render(request, "oparl/publication_form.html", {"form": form, "basis": None})


@role_required(Role.COORDINATOR)
def publication_edit(request, pk: int):
    """Change a basis, or renew a revoked one: the person keeps their OParl address."""
    basis = get_for_user(
        request.user, PublicationBasis.objects.select_related("person"), EDIT, pk=pk
    )
    person = basis.person
    if person is None or person.pseudonymised_at is not None:
        messages.info(request, _("The person's data has been erased: they cannot be published."))
        return redirect("oparl:publication_list")
    initial = {
        "body": basis.body_id,
        "basis": basis.basis,
        "status": basis.status,
        "title": basis.title,
        "consent_on": basis.consent_on,
        "publish_official_contact": basis.publish_official_contact,
        "note": basis.note,
    }
    form = PublicationBasisForm(
        _post_or_none(request), bodies=_bodies(also=basis.body_id), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        renewal = basis.revoked_at is not None
        try:
            publication_basis_grant(actor=request.user, person=person, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = (
                _("%(name)s is published again, at the same OParl address.")
                if renewal
                else _("The legal basis of %(name)s has been saved.")
            )
            messages.success(request, message % {"name": person.full_name})
            return redirect("oparl:publication_list")
    return render(request, "oparl/publication_form.html", {"form": form, "basis": basis})


@role_required(Role.COORDINATOR)
def publication_revoke(request, pk: int):
    basis = get_for_user(
        request.user, PublicationBasis.objects.select_related("person"), EDIT, pk=pk
    )
    if basis.revoked_at is not None:
        messages.info(request, _("This legal basis has already been revoked."))
        return redirect("oparl:publication_list")
    form = PublicationRevokeForm(_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        try:
            publication_basis_revoke(actor=request.user, basis=basis)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is no longer published. Their OParl address now answers as deleted.")
                % {"name": basis.person.full_name if basis.person else "–"},
            )
            return redirect("oparl:publication_list")
    return render(
        request,
        "oparl/publication_revoke.html",
        {"basis": basis, "form": form, "oparl_url": object_url("person", basis.pk)},
    )
