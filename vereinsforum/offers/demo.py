"""Demo: the migration services' offers before the January 2008 workshop, and their coverage.

The source (VO/0985/07) plans a workshop of the migration services and the associations for
January 2008, "um zu klären, wie welcher Unterstützungsbedarf durch professionelle Dienste
erfolgen kann". Here the four welfare associations' migration services record what they can
offer in the seven fields (the Caritas offers by its own login, `dienst`), the office
computes the coverage from the 2007 wave on 16 January 2008, and at the workshop on
23 January the needs in premises, which no service can meet, become a measure (an idea).
Offers and capacities are invented for the demo; the source names no figures.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.offers import services
from vereinsforum.offers.models import CoverageRun, Offer
from vereinsforum.organisations.models import Language

COMPUTED = timezone.make_aware(datetime.combine(date(2008, 1, 16), time(10, 0)))
WORKSHOP = date(2008, 1, 23)

#: (service short name, field key, title, description, capacity, languages, districts or None
#: for the whole city)
OFFERS = [
    (
        "AWO",
        "project_work",
        "Projektberatung für Migrantenvereine",
        "Beratung bei Projektideen, Förderanträgen und Verwendungsnachweisen.",
        4,
        ["de", "tr", "ku"],
        ["Elberfeld", "Oberbarmen", "Langerfeld-Beyenburg"],
    ),
    (
        "AWO",
        "bookkeeping",
        "Sprechstunde Vereinsfinanzen",
        "Kassenbuch, Belege und Kassenprüfung: Begleitung in der Sprechstunde.",
        3,
        ["de", "tr"],
        None,
    ),
    (
        "Caritas",
        "public_relations",
        "Werkstatt Öffentlichkeitsarbeit",
        "Faltblatt, Pressemitteilung und Internetauftritt mit den Vereinen erarbeiten.",
        3,
        ["de", "pl", "es"],
        None,
    ),
    (
        "Caritas",
        "work_organisation",
        "Beratung Vereinsorganisation",
        "Vorstandsarbeit, Aufgabenverteilung und Ehrenamtskoordination.",
        2,
        ["de", "pl"],
        ["Barmen", "Heckinghausen", "Ronsdorf"],
    ),
    (
        "Diakonie",
        "project_work",
        "Förderlotse",
        "Hinweise auf Förderprogramme und Hilfe beim ersten Antrag.",
        2,
        ["de", "ru"],
        ["Barmen", "Vohwinkel", "Cronenberg"],
    ),
    (
        "Diakonie",
        "pc_skills",
        "PC-Einstieg im Stadtteilzentrum",
        "Textverarbeitung, E-Mail und Internet in kleinen Gruppen.",
        4,
        ["de", "ru", "hy"],
        ["Vohwinkel", "Elberfeld-West", "Uellendahl-Katernberg"],
    ),
    (
        "DRK",
        "rhetoric",
        "Sicher auftreten",
        "Reden vor Gremien und Gesprächsführung mit Behörden üben.",
        2,
        ["de", "ar"],
        None,
    ),
    (
        "DRK",
        "bookkeeping",
        "Kassenprüfung kompakt",
        "Vorbereitung auf die Kassenprüfung und den Jahresabschluss.",
        2,
        ["de", "ar", "fa"],
        ["Oberbarmen", "Elberfeld"],
    ),
]


def load(ctx: DemoContext) -> None:
    services_by_name = {s.short_name: s for s in ctx.welfare_services}
    if Offer.objects.filter(organisation__in=ctx.welfare_services).exists():
        ctx.say("Offers of the migration services already loaded – kept as they are.")
        return
    coordinator = ctx.users["coordinator"]
    provider = ctx.users.get("service_provider")
    fields = {f.key: f for f in ctx.programme.fields.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    for short, key, title, description, capacity, codes, districts in OFFERS:
        organisation = services_by_name[short]
        # The Caritas service records its own offers; the office enters the others' lists.
        actor = provider if provider and provider.acting_for_id == organisation.pk else coordinator
        offer = services.offer_create(
            actor=actor,
            organisation=organisation,
            field=fields[key],
            title=title,
            description=description,
            capacity=capacity,
            languages=[languages[c] for c in codes if c in languages],
            citywide=districts is None,
            districts=districts or [],
        )
        # The story happened in winter 2007/08; the services stamp today.
        Offer.objects.filter(pk=offer.pk).update(
            created=timezone.make_aware(datetime.combine(date(2007, 12, 14), time(12, 0)))
        )
    run = services.coverage_compute(actor=coordinator, programme=ctx.programme, at=COMPUTED)
    services.coverage_measure_create(
        actor=coordinator, run=run, field=fields["premises"], on=WORKSHOP
    )
    covered = run.rows.covered().count()
    ctx.say(
        f"Offers: {len(OFFERS)} offers of {len(services_by_name)} migration services; "
        f"coverage of 16 January 2008: {covered} of {run.rows.count()} needs met."
    )
    assert CoverageRun.objects.filter(pk=run.pk).exists()
