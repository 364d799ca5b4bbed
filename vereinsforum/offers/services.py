"""Writes of the offers app: offers, coverage runs, and measures for uncovered needs.

Each service checks that the actor may do what it asks, by the same filters the pages use
(offers/scoping.py): the pages are not the only way in (the demo, a shell).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.accounts.scoping import EDIT
from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.services import measure_create
from vereinsforum.offers import matching
from vereinsforum.offers.coverage import coverage_input
from vereinsforum.offers.models import CoverageRow, CoverageRun, Offer
from vereinsforum.offers.scoping import acts_for_service, is_offer_staff
from vereinsforum.organisations.models import Language, Organisation, OrganisationKind
from vereinsforum.programmes.models import Field, Programme

OFFER_FIELDS = (
    "organisation",
    "field",
    "title",
    "description",
    "capacity",
    "citywide",
    "districts",
    "active",
)


def known_districts() -> list[str]:
    """The city's districts, as its organisations record them."""
    return sorted(
        set(Organisation.objects.exclude(district="").values_list("district", flat=True).distinct())
    )


def _may_manage_for(actor: Actor, organisation: Organisation) -> bool:
    if is_offer_staff(actor):
        return True
    user = user_of(actor)
    return user is not None and acts_for_service(user) and user.acting_for_id == organisation.pk


def _check(offer: Offer, languages: list[Language]) -> None:
    if offer.organisation.kind != OrganisationKind.WELFARE_SERVICE:
        raise ValidationError({"organisation": _("Offers are made by welfare services only.")})
    unknown = sorted(set(offer.districts) - set(known_districts()))
    if unknown:
        raise ValidationError(
            {"districts": _("Unknown districts: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if offer.citywide:
        # "Whole city" covers every district; listing some as well would say nothing more.
        offer.districts = []
    elif not offer.districts:
        raise ValidationError(
            {"districts": _("Choose the districts the offer serves, or the whole city.")}
        )
    offer.districts = sorted(set(offer.districts))
    offer.full_clean(exclude=["languages"])


def _languages(offer: Offer) -> list[str]:
    return sorted(offer.languages.values_list("code", flat=True))


@transaction.atomic
def offer_create(
    *,
    actor: Actor,
    organisation: Organisation,
    field: Field,
    title: str,
    capacity: int,
    languages: Iterable[Language] = (),
    citywide: bool = False,
    districts: Iterable[str] = (),
    description: str = "",
    active: bool = True,
) -> Offer:
    if not _may_manage_for(actor, organisation):
        raise PermissionDenied(_("You may record offers of your own service only."))
    languages = list(languages)
    offer = Offer(
        organisation=organisation,
        field=field,
        title=title,
        description=description,
        capacity=capacity,
        citywide=citywide,
        districts=list(districts),
        active=active,
    )
    _check(offer, languages)
    offer.save()
    offer.languages.set(languages)
    changes = diff({}, snapshot(offer, OFFER_FIELDS))
    changes["languages"] = [[], _languages(offer)]
    audit_record(actor=actor, action="offer.create", target=offer, changes=changes)
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: Actor,
    offer: Offer,
    field: Field,
    title: str,
    capacity: int,
    languages: Iterable[Language],
    citywide: bool,
    districts: Iterable[str],
    description: str,
    active: bool,
) -> Offer:
    user = user_of(actor)
    if user is None or not Offer.objects.for_user(user, EDIT).filter(pk=offer.pk).exists():
        raise PermissionDenied(_("You may change offers of your own service only."))
    offer = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
    before = snapshot(offer, OFFER_FIELDS)
    before_languages = _languages(offer)
    languages = list(languages)
    offer.field, offer.title, offer.description = field, title, description
    offer.capacity, offer.citywide, offer.districts = capacity, citywide, list(districts)
    offer.active = active
    _check(offer, languages)
    offer.save()
    offer.languages.set(languages)
    changes = diff(before, snapshot(offer, OFFER_FIELDS))
    after_languages = _languages(offer)
    if after_languages != before_languages:
        changes["languages"] = [before_languages, after_languages]
    audit_record(actor=actor, action="offer.update", target=offer, changes=changes)
    return offer


@transaction.atomic
def coverage_compute(
    *, actor: Actor, programme: Programme, at: datetime | None = None
) -> CoverageRun:
    """Match the latest wave's needs to the active offers and keep the result."""
    if not is_offer_staff(actor):
        raise PermissionDenied(_("Only the programme's staff compute the coverage."))
    data = coverage_input(programme)
    if data.wave is None:
        raise ValidationError(_("No wave of the needs analysis has complete interviews yet."))
    matches = matching.match(data.needs, data.offers, min_need=data.min_need)
    run = CoverageRun.objects.create(
        wave=data.wave,
        computed_at=at or timezone.now(),
        computed_by=user_of(actor),
        min_need=data.min_need,
        input_digest=data.digest,
    )
    CoverageRow.objects.bulk_create(
        CoverageRow(
            run=run,
            organisation_id=m.need.organisation_id,
            field_id=m.need.field_id,
            need=m.need.level,
            offer_id=m.offer_id,
            shared_language=m.shared_language,
            district_served=m.district_served,
            benefit=m.benefit,
        )
        for m in matches
    )
    covered = sum(m.covered for m in matches)
    audit_record(
        actor=actor,
        action="coverage.compute",
        target=run,
        changes={
            "wave": [None, data.wave.pk],
            "needs": [None, len(matches)],
            "covered": [None, covered],
            "offers": [None, len(data.offers)],
        },
    )
    return run


@transaction.atomic
def coverage_measure_create(
    *, actor: Actor, run: CoverageRun, field: Field, on: date | None = None
) -> Measure:
    """A counselling measure (status: idea) for the needs in `field` that no offer meets.

    The measure names no association: it says how many needs, at which levels. Its rows are
    marked, so the same needs do not become a second measure.
    """
    if not is_offer_staff(actor):
        raise PermissionDenied(_("Only the programme's staff plan measures."))
    rows = CoverageRow.objects.select_for_update().filter(
        run=run, field=field, offer__isnull=True, measure__isnull=True
    )
    levels = Counter(rows.values_list("need", flat=True))
    count = sum(levels.values())
    if not count:
        raise ValidationError(_("There are no uncovered needs in this field left to plan for."))
    by_level = ", ".join(
        _("%(count)s at level %(level)s") % {"count": levels[lvl], "level": lvl}
        for lvl in sorted(levels, reverse=True)
    )
    measure = measure_create(
        actor=actor,
        programme=run.wave.programme,
        kind=MeasureKind.COUNSELLING,
        title=_("Support in “%(field)s” for needs without an offer") % {"field": field},
        description=ngettext(
            "%(count)s association has need in this field that no offer of the migration "
            "services meets (%(levels)s; coverage of %(date)s).",
            "%(count)s associations have need in this field that no offer of the migration "
            "services meets (%(levels)s; coverage of %(date)s).",
            count,
        )
        % {
            "count": count,
            "levels": by_level,
            "date": timezone.localtime(run.computed_at).date().isoformat(),
        },
        fields=[field],
        status=MeasureStatus.IDEA,
        on=on,
    )
    rows.update(measure=measure)
    audit_record(
        actor=actor,
        action="measure.create_for_gap",
        target=run,
        changes={"measure": [None, measure.pk], "field": [None, field.pk], "needs": [None, count]},
    )
    return measure
