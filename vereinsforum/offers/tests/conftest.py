"""Fixtures for the offers: a wave with complete interviews, two welfare services, offers."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.accounts.models import Role
from vereinsforum.needs import services as needs_services
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.offers import services
from vereinsforum.organisations.models import Language, OrganisationKind
from vereinsforum.testing import factories


@pytest.fixture
def languages(db):
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("de", "Deutsch"), ("tr", "Türkisch"), ("ru", "Russisch"))
    }


@pytest.fixture
def wave(programme, coordinator):
    draft = needs_services.instrument_version_create(actor=coordinator, programme=programme)
    version = needs_services.instrument_version_publish(actor=coordinator, version=draft)
    return needs_services.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung 2007",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=version,
    )


@pytest.fixture
def fields(programme):
    return list(programme.fields.order_by("position"))


@pytest.fixture
def associations(db, languages):
    """Six associations: three Turkish-speaking in Elberfeld, three Russian-speaking in Barmen."""
    out = []
    for i in range(6):
        district, code = ("Elberfeld", "tr") if i < 3 else ("Barmen", "ru")
        org = factories.OrganisationFactory(name=f"Prüfverein {i} e.V.", district=district)
        org.languages.set([languages["de"], languages[code]])
        out.append(org)
    return out


#: Need per association (rows) and field (columns, the seven default fields).
NEEDS = [
    [5, 4, 1, 2, 3, 1, 1],
    [4, 2, 2, 5, 1, 1, 1],
    [3, 5, 1, 1, 2, 1, 1],
    [2, 1, 5, 4, 4, 1, 1],
    [5, 3, 1, 1, 5, 1, 1],
    [1, 1, 3, 3, 1, 1, 1],
]


@pytest.fixture
def answered(wave, associations, coordinator):
    return fill(wave, NEEDS, organisations=associations, validator=coordinator)


@pytest.fixture
def other_service(db):
    return factories.OrganisationFactory(
        kind=OrganisationKind.WELFARE_SERVICE,
        name="Migrationsdienst Diakonie",
        short_name="Diakonie",
    )


@pytest.fixture
def other_provider(other_service):
    user = factories.UserFactory(
        username="other_provider", role=Role.SERVICE_PROVIDER, acting_for=other_service
    )
    factories.AffiliationFactory(person=user.person, organisation=other_service, role="staff")
    return user


@pytest.fixture
def offers(fields, welfare_service, other_service, coordinator, languages, associations):
    """Field 1: AWO in Turkish for Elberfeld (2 cases), Diakonie citywide (1 case).
    Field 2: AWO in Russian for Barmen (1 case). No offers in the other fields."""
    return [
        services.offer_create(
            actor=coordinator,
            organisation=welfare_service,
            field=fields[0],
            title="Projektberatung auf Türkisch",
            capacity=2,
            languages=[languages["de"], languages["tr"]],
            districts=["Elberfeld"],
        ),
        services.offer_create(
            actor=coordinator,
            organisation=other_service,
            field=fields[0],
            title="Projektsprechstunde",
            capacity=1,
            languages=[languages["de"]],
            citywide=True,
        ),
        services.offer_create(
            actor=coordinator,
            organisation=welfare_service,
            field=fields[1],
            title="Pressearbeit auf Russisch",
            capacity=1,
            languages=[languages["ru"]],
            districts=["Barmen"],
        ),
    ]
