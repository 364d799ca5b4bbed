"""Demo step of the privacy app: consents from the kick-off on 14 May 2007.

Runs last. At the kick-off the sign-in sheet asked for consent to photos; the chairs of the
first three associations ticked it, Anadolu's chair also asked for the newsletter (by the
online form, in June 2007), and the second chair withdrew the photo consent by e-mail in
February 2008. The delegate's consent to publish her name was recorded with the OParl step.
"""

from __future__ import annotations

from datetime import date

from vereinsforum.demo.context import DemoContext
from vereinsforum.organisations.models import Affiliation, AffiliationRole
from vereinsforum.privacy.models import Channel, Consent, Purpose
from vereinsforum.privacy.services import consent_record, consent_withdraw

PHOTOS_TEXT = (
    "Ich bin damit einverstanden, dass bei der Auftaktveranstaltung „Mehr PS für "
    "Integrationsarbeit“ am 14.05.2007 Fotos gemacht werden, auf denen ich zu sehen bin, und "
    "dass die Stadt Wuppertal sie in Berichten und auf ihrer Website veröffentlicht. Ich kann "
    "die Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen."
)
NEWSLETTER_TEXT = (
    "Ja, ich möchte den Newsletter „Mehr PS“ des Ressorts Zuwanderung und Integration per "
    "E-Mail erhalten. Die Abmeldung ist jederzeit möglich."
)


def _chair(association):
    affiliation = (
        Affiliation.objects.filter(
            organisation=association, role=AffiliationRole.CHAIR, end__isnull=True
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return affiliation.person if affiliation else None


def load(ctx: DemoContext) -> None:
    chairs = [c for c in (_chair(a) for a in ctx.associations[:3]) if c is not None]
    for person in chairs:
        if not Consent.objects.filter(person=person, purpose=Purpose.PHOTOS).exists():
            consent_record(
                actor=ctx.actor,
                person=person,
                purpose=Purpose.PHOTOS,
                given_on=date(2007, 5, 14),
                source=Channel.EVENT_SIGN_IN,
                text=PHOTOS_TEXT,
            )
    if chairs and not Consent.objects.filter(person=chairs[0], purpose=Purpose.NEWSLETTER).exists():
        consent_record(
            actor=ctx.actor,
            person=chairs[0],
            purpose=Purpose.NEWSLETTER,
            given_on=date(2007, 6, 4),
            source=Channel.FORM,
            text=NEWSLETTER_TEXT,
        )
    if len(chairs) > 1:
        photos = Consent.objects.in_force().filter(person=chairs[1], purpose=Purpose.PHOTOS).first()
        if photos is not None:
            consent_withdraw(
                actor=ctx.actor, consent=photos, withdrawn_on=date(2008, 2, 1), source=Channel.EMAIL
            )
    ctx.say(f"Privacy: {Consent.objects.in_force().count()} consents in force.")
