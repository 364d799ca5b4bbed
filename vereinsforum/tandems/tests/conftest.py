"""A small wave for the tandems: two mentors and three mentees in the first field.

Field 0 (project work):
- `association` (Anadolu e.V., the representative's, Elberfeld, Turkish): competence 5,
  need 1, willing → mentor, offers 1 place.
- mentor B ("Mentorverein", Barmen, Greek): competence 4, need 2, willing → mentor, 2 places.
- mentees X (Elberfeld, Turkish, competence 1, need 5), Y (Barmen, Greek, competence 2,
  need 4), Z (Vohwinkel, no language but German, competence 1, need 4).
- `other_association` (the outsider's): need 3, competence 3 in every field: a mentee
  with no gap ≥ 2 to mentor B, gap 2 to Anadolu.

Every other field: everyone need 1/competence 3 (nobody mentors, nobody needs).
"""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.needs import services as needs_services
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.organisations.models import Language
from vereinsforum.testing import factories


def _languages(org, *codes):
    for code in codes:
        lang, _ = Language.objects.get_or_create(code=code, defaults={"name": code})
        org.languages.add(lang)


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
def world(wave, association, other_association):
    association.district = "Elberfeld"
    association.communities = "türkisch"
    association.save()
    _languages(association, "tr", "de")
    other_association.district = "Barmen"
    other_association.communities = "italienisch"
    other_association.save()
    _languages(other_association, "it", "de")
    mentor_b = factories.OrganisationFactory(
        name="Mentorverein e.V.", district="Barmen", communities="griechisch"
    )
    _languages(mentor_b, "el", "de")
    x = factories.OrganisationFactory(
        name="Verein X e.V.", district="Elberfeld", communities="türkisch"
    )
    _languages(x, "tr", "de")
    y = factories.OrganisationFactory(
        name="Verein Y e.V.", district="Barmen", communities="griechisch"
    )
    _languages(y, "el", "de")
    z = factories.OrganisationFactory(name="Verein Z e.V.", district="Vohwinkel", communities="")
    _languages(z, "de")
    k = len(list(wave.instrument.ordered_fields()))
    rest_need, rest_comp = [1] * (k - 1), [3] * (k - 1)
    orgs = [association, mentor_b, x, y, z, other_association]
    needs = [
        [1, *rest_need],
        [2, *rest_need],
        [5, *rest_need],
        [4, *rest_need],
        [4, *rest_need],
        [3, *rest_need],
    ]
    competence = [
        [5, *rest_comp],
        [4, *rest_comp],
        [1, *rest_comp],
        [2, *rest_comp],
        [1, *rest_comp],
        [3, *rest_comp],
    ]
    willing = [[1] + [0] * (k - 1), [1] + [0] * (k - 1)] + [[0] * k] * 4
    fill(wave, needs, organisations=orgs, competence=competence, willing=willing)
    field = wave.instrument.ordered_fields()[0]
    return {
        "wave": wave,
        "field": field,
        "anadolu": association,
        "mentor_b": mentor_b,
        "x": x,
        "y": y,
        "z": z,
        "other": other_association,
    }


@pytest.fixture
def offers(world, coordinator):
    from vereinsforum.tandems import services

    for org, capacity in ((world["anadolu"], 1), (world["mentor_b"], 2)):
        services.mentor_offers_set(
            actor=coordinator,
            wave=world["wave"],
            organisation=org,
            capacities={world["field"]: capacity},
        )
    return world


def pairs(world, status=None) -> set[tuple[str, str]]:
    """The tandems of the world as (mentor key, mentee key)."""
    from vereinsforum.tandems.models import Tandem

    name_of = {org.pk: key for key, org in world.items() if hasattr(org, "kind")}
    qs = Tandem.objects.filter(wave=world["wave"])
    if status is not None:
        qs = qs.filter(status=status)
    return {(name_of[m], name_of[e]) for m, e in qs.values_list("mentor_id", "mentee_id")}
