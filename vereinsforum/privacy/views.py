"""The coordinators' data-protection pages: the record of processing activities (Art. 30),
consents per person, the data-subject export (Art. 15) and the retention overview.

Coordinators only: they answer data subjects and the supervisory authority. Everyone else
gets 403 (role_required) before any object is looked up.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.organisations.models import Person
from vereinsforum.privacy import exporters, registry, retention
from vereinsforum.privacy.forms import ConsentForm, WithdrawForm
from vereinsforum.privacy.models import Consent, PurgeRun, Purpose
from vereinsforum.privacy.services import consent_record, consent_withdraw, subject_export_record
from vereinsforum.privacy.subject import as_json, subject_data

coordinators = role_required(Role.COORDINATOR)


def _post_or_none(request):
    return request.POST if request.method == "POST" else None


def _record_context() -> dict:
    from vereinsforum.web.models import SiteDetails

    activities = []
    for activity in registry.processing_activities():
        described = [(c, registry.describe(c)) for c in activity.categories]
        days = retention.retention_days(activity.retention) if activity.retention else None
        category = retention.BY_KEY.get(activity.retention)
        activities.append(
            {"activity": activity, "categories": described, "days": days, "category": category}
        )
    return {
        "activities": activities,
        "site": SiteDetails.load(),
        "today": timezone.localdate(),
        "retention": [(c, retention.retention_days(c.key)) for c in retention.CATEGORIES],
    }


@coordinators
def index(request):
    q = request.GET.get("q", "").strip()
    people = []
    if q:
        people = list(
            Person.objects.for_user(request.user)
            .active()
            .filter(Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__iexact=q))
            .order_by("last_name", "first_name", "pk")[:50]
        )
    in_force = dict(
        Consent.objects.for_user(request.user)
        .in_force()
        .values_list("purpose")
        .annotate(n=Count("pk"))
        .values_list("purpose", "n")
    )
    return render(
        request,
        "privacy/index.html",
        {
            "q": q,
            "people": people,
            "consents": [(p.label, in_force.get(p.value, 0)) for p in Purpose],
            "retention": [(c, retention.retention_days(c.key)) for c in retention.CATEGORIES],
            "runs": PurgeRun.objects.all()[:5],
            "labels": {c.key: c.label for c in retention.CATEGORIES},
        },
    )


@coordinators
def record(request):
    return render(request, "privacy/record.html", _record_context())


@coordinators
def record_pdf(request):
    filename, content_type, content = exporters.record_pdf(_record_context())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _person(request, pk: int, action: str = EDIT) -> Person:
    return get_for_user(request.user, Person.objects.all(), action, pk=pk)


@coordinators
def person(request, pk: int):
    subject = _person(request, pk)
    consents = Consent.objects.for_user(request.user).filter(person=subject)
    return render(
        request,
        "privacy/person.html",
        {
            "person": subject,
            "in_force": [c for c in consents if c.in_force],
            "withdrawn": [c for c in consents if not c.in_force],
            "erased": subject.pseudonymised_at is not None,
        },
    )


@coordinators
def consent_create(request, pk: int):
    subject = _person(request, pk)
    if subject.pseudonymised_at is not None:
        messages.info(request, _("This person has been erased and can no longer be changed."))
        return redirect("privacy:person", pk=pk)
    form = ConsentForm(_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                actor=request.user,
                person=subject,
                purpose=data["purpose"],
                given_on=data["given_on"],
                source=data["source"],
                text=data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("privacy:person", pk=pk)
    return render(request, "privacy/consent_form.html", {"person": subject, "form": form})


@coordinators
def consent_withdraw_view(request, pk: int):
    consent = get_for_user(request.user, Consent.objects.select_related("person"), EDIT, pk=pk)
    if not consent.in_force:
        messages.info(request, _("This consent has already been withdrawn."))
        return redirect("privacy:person", pk=consent.person_id)
    form = WithdrawForm(_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The withdrawal has been recorded and takes effect at once.")
            )
            return redirect("privacy:person", pk=consent.person_id)
    return render(request, "privacy/consent_withdraw.html", {"consent": consent, "form": form})


@coordinators
def subject_export(request, pk: int):
    subject = _person(request, pk)
    sections = subject_data(subject)
    subject_export_record(actor=request.user, person=subject, format="html")
    return render(
        request,
        "privacy/subject.html",
        {"person": subject, "sections": sections, "today": timezone.localdate()},
    )


@coordinators
def subject_export_json(request, pk: int):
    subject = _person(request, pk)
    content = as_json(subject, subject_data(subject))
    subject_export_record(actor=request.user, person=subject, format="json")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="auskunft-person-{subject.pk}.json"'
    return response


@coordinators
def subject_export_pdf(request, pk: int):
    subject = _person(request, pk)
    filename, content_type, content = exporters.subject_pdf(
        {"person": subject, "sections": subject_data(subject), "today": timezone.localdate()}
    )
    subject_export_record(actor=request.user, person=subject, format="pdf")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
