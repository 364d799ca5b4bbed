"""Writes of the privacy app: consents given and withdrawn, subject exports (audited).

A withdrawal takes effect everywhere at once, in the same transaction: the publish-name
consent revokes the person's OParl publication basis on consent, and any app may react
through `AppConfig.consent_withdrawn(*, actor, consent)`. The other way round, revoking or
granting a publication basis on the OParl pages updates the consent (signals.py), so the
two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.oparl.models import Basis, PublicationBasis
from vereinsforum.organisations.models import Person
from vereinsforum.privacy.models import Channel, Consent, Purpose

#: Recorded when the OParl pages grant a publication basis on consent: they ask for the
#: date only, so the wording of that consent was not captured.
PUBLICATION_BASIS_TEXT = (
    "Einwilligung in die Veröffentlichung von Name und Funktion über die OParl-Schnittstelle "
    "der Stadt (erfasst mit der Veröffentlichungsgrundlage; der Wortlaut wurde dort nicht "
    "festgehalten)."
)


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    purpose: Purpose | str,
    given_on: date,
    source: Channel | str,
    text: str,
) -> Consent:
    errors: dict[str, str] = {}
    if purpose not in Purpose.values:
        errors["purpose"] = _("Please choose what the person consented to.")
    if source not in Channel.values:
        errors["source"] = _("Please choose how the consent was given.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date of consent cannot be in the future.")
    if not text.strip():
        errors["text"] = _("Please enter the exact text the person consented to.")
    if errors:
        raise ValidationError(errors)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.pseudonymised_at is not None:
        raise ValidationError(_("This person has been erased and can no longer be changed."))
    if Consent.objects.in_force().filter(person=person, purpose=purpose).exists():
        raise ValidationError(
            {"purpose": _("This person's consent to this purpose is already recorded.")}
        )
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        given_on=given_on,
        source=source,
        text=text.strip(),
        recorded_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action="consent.record",
        target=consent,
        changes={
            "person": [None, person.pk],
            "purpose": [None, str(purpose)],
            "given_on": [None, given_on.isoformat()],
            "source": [None, str(source)],
            "text": [None, consent.text],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, consent: Consent, withdrawn_on: date, source: Channel | str
) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    errors: dict[str, str] = {}
    if source not in Channel.values:
        errors["source"] = _("Please choose how the consent was withdrawn.")
    if withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = _("The date of the withdrawal cannot be in the future.")
    elif withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = _("A consent cannot be withdrawn before it was given.")
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_source = source
    consent.withdrawal_recorded_at = timezone.now()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.withdraw",
        target=consent,
        changes={
            "withdrawn_on": [None, withdrawn_on.isoformat()],
            "withdrawal_source": [None, str(source)],
        },
    )
    _take_effect(actor=actor, consent=consent)
    return consent


def _take_effect(*, actor: Actor, consent: Consent) -> None:
    """What stops with the consent, now: nothing may go on resting on it."""
    if consent.purpose == Purpose.PUBLISH_NAME:
        from vereinsforum.oparl.services import publication_basis_revoke

        basis = (
            PublicationBasis.objects.alive()
            .filter(person=consent.person_id, basis=Basis.CONSENT)
            .first()
        )
        if basis is not None:
            publication_basis_revoke(actor=actor, basis=basis)
    for config in django_apps.get_app_configs():
        hook = getattr(config, "consent_withdrawn", None)
        if hook is not None:
            hook(actor=actor, consent=consent)


def consent_in_force(*, person: Person, purpose: Purpose | str) -> bool:
    """For any app about to use a person's data for a consent-based purpose."""
    return Consent.objects.in_force().filter(person=person, purpose=purpose).exists()


def consents_erase(*, person: Person, terms: Iterable[str]) -> None:
    """Part of a person's erasure (`person_pseudonymise` audits it): consents in force are
    withdrawn (nothing of theirs is used any more), and their name leaves the wording."""
    today = timezone.localdate()
    for consent in Consent.objects.in_force().filter(person=person):
        consent.withdrawn_on = max(today, consent.given_on)
        consent.withdrawal_source = Channel.ERASURE
        consent.withdrawal_recorded_at = timezone.now()
        consent.save()
    terms = [t for t in terms if t and t.strip()]
    if not terms:
        return
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    for consent in Consent.objects.filter(person=person):
        cleaned = pattern.sub("–", consent.text)
        if cleaned != consent.text:
            consent.text = cleaned
            consent.save(update_fields=["text"])


def subject_export_record(*, actor: Actor, person: Person, format: str) -> None:
    """The export itself is a disclosure of personal data: the log says who made it."""
    audit_record(actor=actor, action="subject.export", target=person, changes={"format": format})


# ---- following the OParl pages --------------------------------------------------------------


def follow_publication_basis(basis: PublicationBasis) -> None:
    """Called after a publication basis is saved: a revoked basis withdraws the
    publish-name consent; one granted on consent records it, if none is in force."""
    person = basis.person
    if person is None or person.pseudonymised_at is not None:
        return
    in_force = Consent.objects.in_force().filter(person=person, purpose=Purpose.PUBLISH_NAME)
    if basis.revoked_at is not None:
        for consent in in_force:
            consent_withdraw(
                actor=SystemActor("oparl"),
                consent=consent,
                withdrawn_on=max(timezone.localtime(basis.revoked_at).date(), consent.given_on),
                source=Channel.PUBLICATION_BASIS,
            )
    elif basis.basis == Basis.CONSENT and basis.consent_on and not in_force.exists():
        consent_record(
            actor=SystemActor("oparl"),
            person=person,
            purpose=Purpose.PUBLISH_NAME,
            given_on=basis.consent_on,
            source=Channel.PUBLICATION_BASIS,
            text=PUBLICATION_BASIS_TEXT,
        )
