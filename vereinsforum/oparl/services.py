"""Writes of the OParl app: legal bases for publishing persons, legislative terms, tombstones."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor
from vereinsforum.oparl.models import Basis, LegislativeTerm, PublicationBasis, Tombstone
from vereinsforum.organisations.models import Organisation, Person

BASIS_FIELDS = (
    "person",
    "body",
    "basis",
    "consent_on",
    "title",
    "status",
    "publish_official_contact",
    "note",
    "revoked_at",
)
#: Object types whose deletion OParl must announce (its main objects).
MAIN_TYPES = ("organization", "person", "meeting", "paper", "file", "location")


@transaction.atomic
def publication_basis_grant(
    *,
    actor: Actor,
    person: Person,
    body: Organisation,
    basis: str,
    consent_on: date | None = None,
    title: str = "",
    status: str = "",
    publish_official_contact: bool = False,
    note: str = "",
) -> PublicationBasis:
    """Record the legal basis to publish `person` in OParl, or renew a revoked one.

    The person keeps one row (and so one OParl URL) for life, however often consent comes
    and goes.
    """
    # Keyed by field, so a form shows each error next to the input it concerns.
    errors: dict[str, str] = {}
    if basis == Basis.OFFICE and not status.strip():
        errors["status"] = _("A public official is published with their office or function.")
    if basis == Basis.CONSENT and consent_on is None:
        errors["consent_on"] = _("Consent needs the date on which it was given.")
    elif basis == Basis.CONSENT and consent_on is not None and consent_on > timezone.localdate():
        errors["consent_on"] = _("The date of consent cannot be in the future.")
    if publish_official_contact and basis != Basis.OFFICE:
        errors["publish_official_contact"] = _(
            "Contact data may be published only for public officials acting in office."
        )
    if errors:
        raise ValidationError(errors)
    if person.pseudonymised_at is not None:
        raise ValidationError(_("An erased person cannot be published."))
    row = PublicationBasis.objects.select_for_update().filter(person=person).first()
    before = snapshot(row, BASIS_FIELDS) if row else {}
    row = row or PublicationBasis(person=person)
    row.body = body
    row.basis = basis
    # A consent date on an office basis would suggest a consent that was never needed.
    row.consent_on = consent_on if basis == Basis.CONSENT else None
    row.title = title
    row.status = status
    row.publish_official_contact = publish_official_contact
    row.note = note
    row.revoked_at = None
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="publication_basis.grant",
        target=row,
        changes=diff(
            before, snapshot(row, BASIS_FIELDS), personal=PublicationBasis.PERSONAL_FIELDS
        ),
    )
    return row


@transaction.atomic
def publication_basis_revoke(
    *, actor: Actor, basis: PublicationBasis, at: datetime | None = None
) -> PublicationBasis:
    """Withdraw publication: the person's URL now answers as a deleted object."""
    row = PublicationBasis.objects.select_for_update().get(pk=basis.pk)
    if row.revoked_at is not None:
        raise ValidationError(_("This legal basis has already been revoked."))
    before = snapshot(row, BASIS_FIELDS)
    row.revoked_at = at or timezone.now()
    row.save()
    audit_record(
        actor=actor,
        action="publication_basis.revoke",
        target=row,
        changes=diff(
            before, snapshot(row, BASIS_FIELDS), personal=PublicationBasis.PERSONAL_FIELDS
        ),
    )
    return row


def publication_basis_erase(*, person: Person) -> None:
    """Part of a person's erasure (`person_pseudonymise`, which audits it): the title and
    the note go. The row stays, so the person's OParl URL answers as deleted."""
    PublicationBasis.objects.filter(person=person).update(
        modified=timezone.now(), **dict.fromkeys(PublicationBasis.PERSONAL_FIELDS, "")
    )


@transaction.atomic
def legislative_term_create(
    *, actor: Actor, body: Organisation, name: str, start_date: date, end_date: date | None = None
) -> LegislativeTerm:
    term = LegislativeTerm(body=body, name=name, start_date=start_date, end_date=end_date)
    term.full_clean()
    term.save()
    audit_record(
        actor=actor,
        action="legislative_term.create",
        target=term,
        changes=diff({}, snapshot(term, ("body", "name", "start_date", "end_date"))),
    )
    return term


@transaction.atomic
def tombstone_record(
    *,
    actor: Actor,
    object_type: str,
    key: str,
    body: Organisation,
    created: datetime,
    deleted_at: datetime | None = None,
) -> Tombstone:
    """Keep a deleted main object's URL alive as `deleted: true`.

    Apps call this from their delete services before a published row disappears, e.g.
    `tombstone_record(actor=..., object_type="meeting", key=str(event.pk), body=city,
    created=event.created)`.
    """
    if object_type not in MAIN_TYPES:
        raise ValidationError(
            _("Only main objects get tombstones, not %(type)s.") % {"type": object_type}
        )
    tomb, _created = Tombstone.objects.get_or_create(
        object_type=object_type,
        key=key,
        defaults={"body": body, "created": created, "deleted_at": deleted_at or timezone.now()},
    )
    audit_record(
        actor=actor,
        action="tombstone.record",
        target=tomb,
        changes=diff({}, snapshot(tomb, ("object_type", "key", "body", "deleted_at"))),
    )
    return tomb
