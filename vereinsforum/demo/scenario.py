"""The foundation of the demo: Wuppertal 2007, the programme, the project team and the funnel.

Facts from the source (VO/0985/07): the project starts on 2007-05-09 with the project team;
about 60 associations are invited to the kick-off on 2007-05-14, 30 come, 25 enrol.
Anadolu e.V. and the Russian Orthodox parish keep their real names; all other associations
are fictional.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vereinsforum.accounts.models import Role, User
from vereinsforum.demo.context import DemoContext
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.models import (
    AffiliationRole,
    Language,
    Organisation,
    OrganisationKind,
    Verification,
)
from vereinsforum.organisations.services import affiliation_add, organisation_create, person_create
from vereinsforum.programmes.models import Programme, TeamRole
from vereinsforum.programmes.services import programme_create
from vereinsforum.programmes.team_services import interviewer_assign, team_member_add

PROGRAMME_SLUG = "mehr-ps"
DEMO_PASSWORD = "vereinsforum-demo"  # noqa: S105 - printed by `make run`, demo only
START = date(2007, 5, 9)
KICK_OFF = date(2007, 5, 14)
INVITED_ON = date(2007, 5, 10)
ENROLLED_ON = date(2007, 5, 31)

LANGUAGES = [
    ("de", "Deutsch", {"en": "German", "tr": "Almanca", "ru": "Немецкий", "ar": "الألمانية"}),
    ("tr", "Türkisch", {"en": "Turkish", "tr": "Türkçe", "ru": "Турецкий", "ar": "التركية"}),
    ("ku", "Kurdisch", {"en": "Kurdish", "tr": "Kürtçe", "ru": "Курдский", "ar": "الكردية"}),
    ("ru", "Russisch", {"en": "Russian", "tr": "Rusça", "ru": "Русский", "ar": "الروسية"}),
    ("ar", "Arabisch", {"en": "Arabic", "tr": "Arapça", "ru": "Арабский", "ar": "العربية"}),
    ("el", "Griechisch", {"en": "Greek", "tr": "Yunanca", "ru": "Греческий", "ar": "اليونانية"}),
    (
        "it",
        "Italienisch",
        {"en": "Italian", "tr": "İtalyanca", "ru": "Итальянский", "ar": "الإيطالية"},
    ),
    ("es", "Spanisch", {"en": "Spanish", "tr": "İspanyolca", "ru": "Испанский", "ar": "الإسبانية"}),
    (
        "pt",
        "Portugiesisch",
        {"en": "Portuguese", "tr": "Portekizce", "ru": "Португальский", "ar": "البرتغالية"},
    ),
    ("pl", "Polnisch", {"en": "Polish", "tr": "Lehçe", "ru": "Польский", "ar": "البولندية"}),
    (
        "fr",
        "Französisch",
        {"en": "French", "tr": "Fransızca", "ru": "Французский", "ar": "الفرنسية"},
    ),
    ("fa", "Persisch", {"en": "Persian", "tr": "Farsça", "ru": "Персидский", "ar": "الفارسية"}),
    (
        "sr",
        "Serbisch/Bosnisch/Kroatisch",
        {
            "en": "Serbian/Bosnian/Croatian",
            "tr": "Sırpça/Boşnakça/Hırvatça",
            "ru": "Сербский/боснийский/хорватский",
            "ar": "الصربية/البوسنية/الكرواتية",
        },
    ),
    (
        "sq",
        "Albanisch",
        {"en": "Albanian", "tr": "Arnavutça", "ru": "Албанский", "ar": "الألبانية"},
    ),
    (
        "vi",
        "Vietnamesisch",
        {"en": "Vietnamese", "tr": "Vietnamca", "ru": "Вьетнамский", "ar": "الفيتنامية"},
    ),
    (
        "en",
        "Englisch",
        {"en": "English", "tr": "İngilizce", "ru": "Английский", "ar": "الإنجليزية"},
    ),
    ("ta", "Tamil", {"en": "Tamil", "tr": "Tamilce", "ru": "Тамильский", "ar": "التاميلية"}),
    ("hy", "Armenisch", {"en": "Armenian", "tr": "Ermenice", "ru": "Армянский", "ar": "الأرمنية"}),
]


def _read_associations() -> list[tuple]:
    """(name, legal form, district, communities, language codes, founded, members) per row of
    associations.tsv; the first 30 attended the kick-off, the first 25 enrolled."""
    lines = Path(__file__).with_name("associations.tsv").read_text("utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    return [
        (name, legal, district, communities, codes.split(), int(founded), int(members))
        for name, legal, district, communities, codes, founded, members in rows
    ]


ASSOCIATIONS = _read_associations()

#: Streets and postcodes of Wuppertal for plausible addresses.
STREETS = [
    "Hofaue",
    "Friedrich-Engels-Allee",
    "Wittensteinstraße",
    "Gathe",
    "Berliner Straße",
    "Kaiserstraße",
    "Rudolfstraße",
    "Hünefeldstraße",
]

FIRST_NAMES = [
    "Ayşe",
    "Mehmet",
    "Olga",
    "Sergej",
    "Giorgos",
    "Maria",
    "Fatima",
    "Youssef",
    "Ana",
    "Luca",
    "Kwame",
    "Ama",
    "Reza",
    "Leyla",
    "Nguyen",
    "Mirela",
    "Arben",
    "Tamara",
    "Jean",
    "Ewa",
    "Karim",
    "Elena",
    "Hüseyin",
    "Natalia",
    "Dragan",
    "Sahar",
]
LAST_NAMES = [
    "Yılmaz",
    "Kaya",
    "Iwanowa",
    "Petrow",
    "Papadopoulos",
    "Rossi",
    "El Amrani",
    "Benali",
    "Ferreira",
    "Bianchi",
    "Mensah",
    "Owusu",
    "Ahmadi",
    "Karimi",
    "Tran",
    "Hadžić",
    "Krasniqi",
    "Sargsyan",
    "Mbeki",
    "Nowak",
    "Haddad",
    "Popova",
    "Demir",
    "Schmidt",
    "Jovanović",
    "Rahimi",
]


def _person(ctx, first, last, email, language="de"):
    return person_create(
        actor=ctx.actor, first_name=first, last_name=last, email=email, preferred_language=language
    )


def _user(ctx, username, role, person, acting_for=None):
    user = User(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        role=role,
        person=person,
        acting_for=acting_for,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    ctx.users[role.value] = user
    return user


def _restore(ctx: DemoContext, programme: Programme) -> None:
    """Fill the context from an already loaded demo, so later steps can run on their own."""
    ctx.programme = programme
    ctx.department = programme.lead_department
    ctx.city = ctx.department.parent.parent
    ctx.committee = Organisation.objects.get(
        kind=OrganisationKind.COMMITTEE, name="Migrationsausschuss"
    )
    ctx.contractor = Organisation.objects.filter(kind=OrganisationKind.CONTRACTOR).first()
    names = [row[0] for row in ASSOCIATIONS]
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    ctx.associations = [by_name[n] for n in names]
    ctx.welfare_services = list(
        Organisation.objects.filter(kind=OrganisationKind.WELFARE_SERVICE).order_by("pk")
    )
    ctx.users = {u.role: u for u in User.objects.filter(username__in=[u for u, *_ in DEMO_LOGINS])}


#: (username, role, what the login shows)
DEMO_LOGINS = [
    ("koordination", Role.COORDINATOR, "Integrationsbüro (Ressort 204)"),
    ("team", Role.TEAM_MEMBER, "Projektteam (Migrationsdienst der AWO)"),
    ("interview", Role.INTERVIEWER, "Organisationsbüro (Interviews)"),
    ("verein", Role.REPRESENTATIVE, "Anadolu e.V."),
    ("dienst", Role.SERVICE_PROVIDER, "Migrationsdienst des Caritasverbandes"),
]


def load(ctx: DemoContext) -> None:
    existing = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if existing:
        _restore(ctx, existing)
        ctx.say("Foundation already loaded – kept as it is.")
        return
    actor = ctx.actor
    for code, name, i18n in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "name_i18n": i18n})
    langs = {lang.code: lang for lang in Language.objects.all()}

    ctx.city = organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.OTHER,
            name="Stadt Wuppertal",
            verification=Verification.VERIFIED,
            street="Johannes-Rau-Platz 1",
            postcode="42275",
            district="Barmen",
            website="https://www.wuppertal.de",
        ),
    )
    division = organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.DEPARTMENT,
            parent=ctx.city,
            name="Geschäftsbereich Soziales, Jugend & Integration",
            verification=Verification.VERIFIED,
        ),
    )
    ctx.department = organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.DEPARTMENT,
            parent=division,
            name="Ressort 204 – Zuwanderung und Integration",
            short_name="Ressort 204",
            verification=Verification.VERIFIED,
            district="Elberfeld",
            phone="(0202) 563 2514",
        ),
    )
    ctx.committee = organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.COMMITTEE,
            parent=ctx.city,
            name="Migrationsausschuss",
            verification=Verification.VERIFIED,
        ),
    )
    ctx.contractor = organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.CONTRACTOR,
            name="Organisationsbüro Brückenschlag",
            legal_form="GbR",
            district="Elberfeld",
            verification=Verification.VERIFIED,
            public_description=(
                "Mit der Stärken/Schwächen-Analyse der Vereinsarbeit beauftragtes Büro."
            ),
        ),
    )
    for name, short in [
        ("Migrationsdienst der Arbeiterwohlfahrt Wuppertal", "AWO"),
        ("Migrationsdienst des Caritasverbandes Wuppertal/Solingen", "Caritas"),
        ("Migrationsdienst der Diakonie Wuppertal", "Diakonie"),
        ("Migrationsdienst des Deutschen Roten Kreuzes Wuppertal", "DRK"),
    ]:
        ctx.welfare_services.append(
            organisation_create(
                actor=actor,
                fields=OrganisationFields(
                    kind=OrganisationKind.WELFARE_SERVICE,
                    name=name,
                    short_name=short,
                    verification=Verification.VERIFIED,
                ),
                languages=[langs["de"]],
            )
        )

    ctx.programme = programme_create(
        actor=actor,
        name="Mehr PS für Integrationsarbeit",
        slug=PROGRAMME_SLUG,
        funding_programme="KOMM-IN NRW",
        funder="Land Nordrhein-Westfalen",
        lead_department=ctx.department,
        start=START,
        end=date(2008, 12, 31),
        description=(
            "Qualifizierung der Migrantenselbstorganisationen (MSO) in Wuppertal: Stärken/"
            "Schwächen-Analyse, Forum der Vereine, Schulungen, Arbeitsgruppen und Leitfäden."
        ),
    )

    rng = ctx.rng
    for index, (name, legal, district, communities, codes, founded, members) in enumerate(
        ASSOCIATIONS
    ):
        org = organisation_create(
            actor=actor,
            fields=OrganisationFields(
                kind=OrganisationKind.ASSOCIATION,
                name=name,
                legal_form=legal,
                register_number=f"VR {2100 + index * 37}" if legal == "e.V." else "",
                district=district,
                communities=communities,
                founded_year=founded,
                member_count=members,
                volunteer_count=max(3, members // rng.randint(5, 12)),
                street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                postcode=rng.choice(
                    [
                        "42103",
                        "42105",
                        "42275",
                        "42277",
                        "42283",
                        "42285",
                        "42327",
                        "42349",
                        "42369",
                        "42389",
                    ]
                ),
                email=f"kontakt{index + 1}@verein.example",
                website=f"https://verein{index + 1}.example" if index % 4 == 0 else "",
                verification=Verification.VERIFIED if index < 25 else Verification.UNVERIFIED,
            ),
            languages=[langs[c] for c in codes],
        )
        ctx.associations.append(org)
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
        chair = _person(
            ctx,
            first,
            last,
            f"vorsitz{index + 1}@verein.example",
            language=next((c for c in codes if c in {"tr", "ru", "ar", "en"}), "de"),
        )
        affiliation_add(actor=actor, person=chair, organisation=org, role=AffiliationRole.CHAIR)
        if index < 25:
            treasurer = _person(
                ctx,
                FIRST_NAMES[(index + 5) % len(FIRST_NAMES)],
                LAST_NAMES[(index * 3 + 1) % len(LAST_NAMES)],
                f"kasse{index + 1}@verein.example",
            )
            affiliation_add(
                actor=actor, person=treasurer, organisation=org, role=AffiliationRole.TREASURER
            )

    # The funnel (about 60 invited, 30 came to the kick-off, 25 enrolled) is not recorded
    # here: the events step (vereinsforum.events.demo) invites the 60 to the kick-off, checks
    # the 30 in and enrols the 25 through its services, which record the steps.

    # The project team: led by Ressort 204, one person from each welfare migration service,
    # and Anadolu e.V. and the Russian Orthodox parish.
    visser = _person(ctx, "Michael", "Visser", "michael.visser@stadt.wuppertal.de")
    affiliation_add(
        actor=actor, person=visser, organisation=ctx.department, role=AffiliationRole.STAFF
    )
    team_member_add(
        actor=actor,
        programme=ctx.programme,
        person=visser,
        organisation=ctx.department,
        role=TeamRole.LEAD,
        since=START,
    )
    coordinator = _person(ctx, "Sabine", "Hoffmann", "koordination@stadt.example")
    affiliation_add(
        actor=actor, person=coordinator, organisation=ctx.department, role=AffiliationRole.STAFF
    )
    _user(ctx, "koordination", Role.COORDINATOR, coordinator)

    welfare_people = [
        ("Petra", "Lange"),
        ("Thomas", "Berger"),
        ("Claudia", "Neumann"),
        ("Rainer", "Vogt"),
    ]
    for service, (first, last) in zip(ctx.welfare_services, welfare_people, strict=True):
        person = _person(
            ctx, first, last, f"{first.lower()}.{last.lower()}@migrationsdienst.example"
        )
        affiliation_add(
            actor=actor, person=person, organisation=service, role=AffiliationRole.STAFF
        )
        team_member_add(
            actor=actor,
            programme=ctx.programme,
            person=person,
            organisation=service,
            role=TeamRole.WELFARE,
            since=START,
        )
        if service.short_name == "AWO":
            _user(ctx, "team", Role.TEAM_MEMBER, person)
        if service.short_name == "Caritas":
            _user(ctx, "dienst", Role.SERVICE_PROVIDER, person, acting_for=service)

    for org in ctx.associations[:2]:
        delegate = org.affiliations.get(role=AffiliationRole.CHAIR).person
        affiliation_add(
            actor=actor, person=delegate, organisation=org, role=AffiliationRole.DELEGATE
        )
        team_member_add(
            actor=actor,
            programme=ctx.programme,
            person=delegate,
            organisation=org,
            role=TeamRole.ASSOCIATION,
            since=START,
        )
    anadolu_chair = ctx.associations[0].affiliations.get(role=AffiliationRole.CHAIR).person
    _user(ctx, "verein", Role.REPRESENTATIVE, anadolu_chair, acting_for=ctx.associations[0])

    # The contracted office interviews the 25 enrolled associations; the demo interviewer
    # holds the first 13, a colleague the other 12.
    interviewer = _person(ctx, "Jana", "Krüger", "j.krueger@organisationsbuero.example")
    colleague = _person(ctx, "Deniz", "Arslan", "d.arslan@organisationsbuero.example")
    for person in (interviewer, colleague):
        affiliation_add(
            actor=actor, person=person, organisation=ctx.contractor, role=AffiliationRole.STAFF
        )
    first_user = _user(ctx, "interview", Role.INTERVIEWER, interviewer)
    second_user = User(
        username="interview2",
        role=Role.INTERVIEWER,
        person=colleague,
        first_name=colleague.first_name,
        last_name=colleague.last_name,
    )
    second_user.set_password(DEMO_PASSWORD)
    second_user.save()
    for index, org in enumerate(ctx.associations[:25]):
        interviewer_assign(
            actor=actor,
            programme=ctx.programme,
            interviewer=first_user if index < 13 else second_user,
            organisation=org,
        )
    ctx.users[Role.INTERVIEWER.value] = first_user
    ctx.say(f"Foundation: {len(ctx.associations)} associations.")
