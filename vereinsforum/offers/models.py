"""Offers of the welfare migration services, and the coverage of the associations' needs.

An offer is one service's support in one field, with a capacity in cases, the languages it
is given in and the districts it serves. A coverage run matches the needs of the latest
needs wave to the offers (offers/matching.py) and keeps its result as rows, one per need:
the offer that meets it, or none. The run is kept, not recomputed on every visit, because it
is what the January workshop discussed and what measures for the uncovered needs came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User
    from vereinsforum.programmes.models import Programme


class OfferQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> OfferQuerySet:
        from vereinsforum.offers.scoping import offer_filter

        return self.filter(offer_filter(user, action))

    def active(self) -> OfferQuerySet:
        return self.filter(active=True)


class Offer(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("welfare service"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    field = models.ForeignKey(
        "programmes.Field",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity in cases"),
        help_text=_("How many associations the service can support with this offer."),
    )
    languages = models.ManyToManyField(
        "organisations.Language", verbose_name=_("languages"), blank=True, related_name="offers"
    )
    citywide = models.BooleanField(_("whole city"), default=False)
    #: District names as organisations record them (Organisation.district); empty when
    #: citywide. A list rather than a table: it is only ever read whole, with its offer.
    districts = models.JSONField(_("districts served"), default=list, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active offers are matched to needs.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["field__position", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="offer_capacity_positive",
                condition=Q(capacity__gte=1),
                violation_error_message=_("An offer needs a capacity of at least one case."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def serves(self, district: str) -> bool:
        return self.citywide or (bool(district) and district in self.districts)


class CoverageRunQuerySet(models.QuerySet["CoverageRun"]):
    def for_user(self, user: User, action: str = "view") -> CoverageRunQuerySet:
        from vereinsforum.offers.scoping import coverage_run_filter

        return self.filter(coverage_run_filter(user, action))

    def latest_for(self, programme: Programme) -> CoverageRun | None:
        return self.filter(wave__programme=programme).order_by("-computed_at", "-pk").first()


class CoverageRun(models.Model):
    """One matching of a wave's needs to the offers active at the time."""

    wave = models.ForeignKey(
        "needs.Wave",
        verbose_name=_("wave"),
        on_delete=models.PROTECT,
        related_name="coverage_runs",
    )
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    min_need = models.PositiveSmallIntegerField(_("need counted from level"))
    #: A digest of the input (needs and offers): when it no longer matches the current
    #: input, the page says that the result is out of date.
    input_digest = models.CharField(_("input digest"), max_length=64)

    objects = CoverageRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage run")
        verbose_name_plural = _("coverage runs")
        ordering = ["-computed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="coverage_run_min_need_scale", condition=Q(min_need__gte=1, min_need__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return _("Coverage of %(wave)s") % {"wave": self.wave}


class CoverageRowQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> CoverageRowQuerySet:
        from vereinsforum.offers.scoping import coverage_row_filter

        return self.filter(coverage_row_filter(user, action))

    def covered(self) -> CoverageRowQuerySet:
        return self.filter(offer__isnull=False)

    def uncovered(self) -> CoverageRowQuerySet:
        return self.filter(offer__isnull=True)


class CoverageRow(models.Model):
    """One (association, field) need of a run and the offer that meets it, if any."""

    run = models.ForeignKey(
        CoverageRun, verbose_name=_("coverage run"), on_delete=models.CASCADE, related_name="rows"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="coverage_rows",
    )
    field = models.ForeignKey(
        "programmes.Field", verbose_name=_("field"), on_delete=models.PROTECT, related_name="+"
    )
    need = models.PositiveSmallIntegerField(_("need intensity"))
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coverage_rows",
    )
    shared_language = models.BooleanField(_("shared language"), default=False)
    district_served = models.BooleanField(_("district served"), default=False)
    benefit = models.PositiveIntegerField(_("benefit"), default=0)
    #: The measure planned for this need when no offer could meet it.
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverage_rows",
    )

    objects = CoverageRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage row")
        verbose_name_plural = _("coverage rows")
        ordering = ["run", "field__position", "-need", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "organisation", "field"], name="coverage_row_once_per_need"
            ),
            models.CheckConstraint(
                name="coverage_row_need_scale", condition=Q(need__gte=1, need__lte=5)
            ),
            # Fit is only ever about an offer; an uncovered need has none.
            models.CheckConstraint(
                name="coverage_row_fit_needs_offer",
                condition=Q(offer__isnull=False)
                | Q(shared_language=False, district_served=False, benefit=0),
            ),
            # A measure is planned for needs no offer meets.
            models.CheckConstraint(
                name="coverage_row_measure_only_uncovered",
                condition=Q(measure__isnull=True) | Q(offer__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["run", "offer"], name="coverage_row_run_offer")]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.field}"
