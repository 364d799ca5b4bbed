"""Views of the offers app: they parse input, call one service and render.

Offers: staff and service providers (a provider changes its own service's offers only).
Coverage: staff and service providers read the aggregates (fields × need levels, no
association named, none below MIN_GROUP associations for non-coordinators); coordinators
also read the associations × fields matrix, which is single-association needs data.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.needs.evaluation import may_see_aggregates
from vereinsforum.needs.models import MIN_GROUP
from vereinsforum.offers import services
from vereinsforum.offers.coverage import is_current, level_table, levels, matrix, offer_usage
from vereinsforum.offers.exports import EXPORTERS, coverage_export
from vereinsforum.offers.forms import OfferForm
from vereinsforum.offers.models import CoverageRow, CoverageRun, Offer
from vereinsforum.offers.scoping import OFFER_ROLES, acts_for_service, is_offer_staff
from vereinsforum.programmes.models import Field, Programme

offer_user = role_required(*OFFER_ROLES)
offer_staff = role_required(*STAFF_ROLES)


def _programme() -> Programme:
    programme = Programme.current()
    if programme is None:
        raise Http404
    return programme


def _form_values(form: OfferForm) -> dict:
    data = form.cleaned_data
    return {
        "field": data["field"],
        "title": data["title"],
        "description": data["description"],
        "capacity": data["capacity"],
        "languages": list(data["languages"]),
        "citywide": data["citywide"],
        "districts": data["districts"],
        "active": data["active"],
    }


@offer_user
def offer_list(request):
    programme = _programme()
    offers = list(
        Offer.objects.for_user(request.user)
        .filter(field__programme=programme)
        .select_related("organisation", "field")
        .prefetch_related("languages")
    )
    editable = set(Offer.objects.for_user(request.user, EDIT).values_list("pk", flat=True))
    return render(
        request,
        "offers/offer_list.html",
        {
            "rows": [(o, o.pk in editable) for o in offers],
            "may_create": is_offer_staff(request.user) or acts_for_service(request.user),
            "own_service": request.user.acting_for if acts_for_service(request.user) else None,
        },
    )


@offer_user
def offer_create(request):
    programme = _programme()
    own = request.user.acting_for if not is_offer_staff(request.user) else None
    form = OfferForm(request.POST or None, programme=programme, organisation=own)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                **_form_values(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offer “%(title)s” has been saved.") % {"title": offer})
            return redirect("offers:list")
    return render(request, "offers/offer_form.html", {"form": form, "offer": None})


@offer_user
def offer_edit(request, pk: int):
    offer = get_for_user(request.user, Offer.objects.select_related("organisation"), EDIT, pk=pk)
    form = OfferForm(
        request.POST or None,
        programme=offer.field.programme,
        organisation=offer.organisation,
        initial={
            "field": offer.field_id,
            "title": offer.title,
            "description": offer.description,
            "capacity": offer.capacity,
            "languages": list(offer.languages.all()),
            "citywide": offer.citywide,
            "districts": offer.districts,
            "active": offer.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.user, offer=offer, **_form_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offer “%(title)s” has been saved.") % {"title": offer})
            return redirect("offers:list")
    return render(request, "offers/offer_form.html", {"form": form, "offer": offer})


def _coverage_context(request, programme: Programme) -> dict:
    user = request.user
    run = CoverageRun.objects.for_user(user).latest_for(programme)
    context: dict[str, object] = {
        "run": run,
        "staff": is_offer_staff(user),
        "min_group": MIN_GROUP,
    }
    if run is None:
        return context
    associations = run.rows.values("organisation_id").distinct().count()
    privileged = user.role == Role.COORDINATOR
    shown = may_see_aggregates(associations, privileged=privileged)
    rows = CoverageRow.objects.for_user(user).filter(run=run)
    context.update(
        {
            "current": is_current(run),
            "shown": shown,
            "associations": associations,
            "levels": levels(run),
            "lines": level_table(run) if shown else [],
        }
    )
    if shown and rows.exists():
        context["fields"], context["matrix"] = matrix(run, rows)
    if shown and acts_for_service(user):
        own = Offer.objects.filter(organisation_id=user.acting_for_id, field__programme=programme)
        context["own_usage"] = offer_usage(run, own.select_related("field"))
    return context


@offer_user
def coverage(request):
    programme = _programme()
    return render(request, "offers/coverage.html", _coverage_context(request, programme))


@require_POST
@offer_staff
def coverage_compute(request):
    programme = _programme()
    try:
        run = services.coverage_compute(actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        covered = run.rows.covered().count()
        messages.success(
            request,
            _("Coverage computed: %(covered)s of %(total)s needs can be met by an offer.")
            % {"covered": covered, "total": run.rows.count()},
        )
    return redirect("offers:coverage")


@require_POST
@offer_staff
def coverage_measure(request, pk: int, field_pk: int):
    run = get_for_user(request.user, CoverageRun.objects.select_related("wave"), EDIT, pk=pk)
    try:
        field = Field.objects.get(pk=field_pk, programme=run.wave.programme_id)
    except Field.DoesNotExist as exc:
        raise Http404 from exc
    try:
        measure = services.coverage_measure_create(actor=request.user, run=run, field=field)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The measure “%(title)s” has been created as an idea.") % {"title": measure}
        )
    return redirect("offers:coverage")


@offer_user
def coverage_download(request, format: str):
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise Http404
    programme = _programme()
    context = _coverage_context(request, programme)
    run = context["run"]
    if run is None or not context["shown"]:
        raise Http404
    rows = CoverageRow.objects.for_user(request.user).filter(run=run)
    # A CSV file holds one table: the aggregate; the workbook adds the needs one by one for
    # those who may read them.
    export = coverage_export(
        run, context["levels"], context["lines"], rows if format == "xlsx" else None
    )
    filename, content_type, content = exporter.render(export)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
