"""Demo step of the OParl app: the council's electoral term and who may be published.

Runs after the reports step. Michael Visser (officer of VO/0985/07) and Dr. Stefan Kühn
(who signed it) are public officials acting in office; the delegate of Anadolu e.V. in the
forum has consented to publication. Nobody else appears in OParl.
"""

from __future__ import annotations

from datetime import date

from vereinsforum.demo.context import DemoContext
from vereinsforum.forum.models import Membership as ForumMembership
from vereinsforum.oparl.models import Basis, LegislativeTerm, PublicationBasis
from vereinsforum.oparl.services import legislative_term_create, publication_basis_grant
from vereinsforum.organisations.models import Person
from vereinsforum.organisations.services import person_create

#: The council elected on 2004-09-26 sat from October 2004 until October 2009.
TERM = ("Wahlperiode 2004–2009", date(2004, 10, 1), date(2009, 10, 20))
FIRST_SESSION = date(2007, 10, 10)


def load(ctx: DemoContext) -> None:
    city = ctx.city
    if not LegislativeTerm.objects.filter(body=city).exists():
        name, start, end = TERM
        legislative_term_create(
            actor=ctx.actor, body=city, name=name, start_date=start, end_date=end
        )

    visser = Person.objects.filter(first_name="Michael", last_name="Visser").first()
    if visser and not PublicationBasis.objects.filter(person=visser).exists():
        publication_basis_grant(
            actor=ctx.actor,
            person=visser,
            body=city,
            basis=Basis.OFFICE,
            status="Sachbearbeiter, Ressort 204 – Zuwanderung und Integration",
            publish_official_contact=True,
            note="Bearbeiter der Vorlage VO/0985/07, handelt in amtlicher Funktion.",
        )

    kuehn = Person.objects.filter(first_name="Stefan", last_name="Kühn").first()
    if kuehn is None:
        kuehn = person_create(actor=ctx.actor, first_name="Stefan", last_name="Kühn")
    if not PublicationBasis.objects.filter(person=kuehn).exists():
        publication_basis_grant(
            actor=ctx.actor,
            person=kuehn,
            body=city,
            basis=Basis.OFFICE,
            title="Dr.",
            status="Beigeordneter",
            note="Unterzeichner der Vorlage VO/0985/07.",
        )

    # One forum delegate has consented; the other delegates stay unpublished.
    seat = (
        ForumMembership.objects.filter(organisation=ctx.associations[0]).order_by("pk").first()
        if ctx.associations
        else None
    )
    if seat and not PublicationBasis.objects.filter(person=seat.delegate).exists():
        publication_basis_grant(
            actor=ctx.actor,
            person=seat.delegate,
            body=city,
            basis=Basis.CONSENT,
            consent_on=FIRST_SESSION,
            status=f"Delegierte/r von {seat.organisation.name}",
            note="Einwilligung in die Veröffentlichung von Name und Funktion im Forum.",
        )
    published = PublicationBasis.objects.alive().filter(body=city).count()
    ctx.say(f"OParl: {published} persons with a legal basis for publication.")
