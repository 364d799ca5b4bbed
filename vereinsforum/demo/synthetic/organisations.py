"""Part 1: the associations of the state, their people and roles, their accounts, and the
interviewers who visit them.

N associations in NRW cities (weighted by population), about ten people each with a role
(chair, treasurer, vice chair, secretary, delegate, contact, members; some roles ended), one
representative account per association (its chair, acting for it, no usable password), and
one interviewer for every 150 associations besides the demo's two; each association is
assigned to one of them. The funnel stage (invited → attended → enrolled, 60 : 30 : 25 as in
the demo) is drawn here, because the verification and the later parts depend on it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from vereinsforum.accounts.models import Role, User
from vereinsforum.demo.synthetic.base import (
    ACCOUNT_PREFIX,
    Association,
    World,
    audit_each,
    insert,
    moment,
)
from vereinsforum.demo.synthetic.names import (
    CITIES,
    COMMUNITIES,
    GERMAN_FIRST,
    GERMAN_LAST,
    STREETS,
    Community,
    ascii_slug,
    association_name,
)
from vereinsforum.organisations.models import (
    Affiliation,
    AffiliationRole,
    Organisation,
    OrganisationKind,
    Person,
    Verification,
)
from vereinsforum.programmes.models import InterviewerAssignment, Step

#: Associations per synthetic interviewer.
PER_INTERVIEWER = 150
#: Roles after chair and treasurer, in the order they are handed out.
FURTHER_ROLES = (
    AffiliationRole.VICE_CHAIR,
    AffiliationRole.SECRETARY,
    AffiliationRole.DELEGATE,
    AffiliationRole.CONTACT,
)


def stages(n: int, rng: random.Random) -> list[str]:
    """The funnel in the demo's proportion: all invited, half attended, 25 of 60 enrolled."""
    enrolled = round(n * 25 / 60)
    attended = max(enrolled, round(n / 2))
    out = (
        [Step.ENROLLED.value] * enrolled
        + [Step.ATTENDED.value] * (attended - enrolled)
        + [Step.INVITED.value] * (n - attended)
    )
    rng.shuffle(out)
    return out


def _unique(name: str, taken: set[str], district: str) -> str:
    candidate = name
    if candidate in taken:
        candidate = f"{name} ({district})"
    number = 2
    while candidate in taken:
        candidate = f"{name} {number}"
        number += 1
    taken.add(candidate)
    return candidate


def build(world: World) -> None:
    rng = world.rng
    taken = set(Organisation.objects.values_list("name", flat=True))
    register: dict[str, int] = {}
    steps = stages(world.n, rng)
    city_weights = [c.weight for c in CITIES]
    community_weights = [c.weight for c in COMMUNITIES]
    organisations: list[Organisation] = []
    for index in range(world.n):
        community = rng.choices(COMMUNITIES, weights=community_weights)[0]
        city = rng.choices(CITIES, weights=city_weights)[0]
        district = rng.choice(city.districts)
        name = _unique(association_name(rng, community, city, district), taken, district)
        legal = "e.V." if rng.random() < 0.85 else "nicht eingetragen"
        if community.religious and community.religious in name:
            legal = "Religionsgemeinschaft"
        number = ""
        if legal == "e.V.":
            register[city.name] = register.get(city.name, 5000) + rng.randint(1, 40)
            number = f"VR {register[city.name]}"
        members = int(rng.lognormvariate(4.2, 0.7)) + 12
        stage = steps[index]
        org = Organisation(
            kind=OrganisationKind.ASSOCIATION,
            name=name,
            legal_form=legal,
            register_number=number,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 160)}",
            postcode=rng.choice(city.postcodes),
            city=city.name,
            district=district,
            communities=community.served,
            founded_year=rng.randint(1961, 2006),
            member_count=members,
            volunteer_count=max(3, members // rng.randint(4, 12)),
            email=f"verein{index + 1:05d}@vereine-nrw.example",
            website=f"https://verein{index + 1:05d}.example" if rng.random() < 0.25 else "",
            verification=(
                Verification.VERIFIED
                if stage == Step.ENROLLED
                else (Verification.REJECTED if rng.random() < 0.02 else Verification.UNVERIFIED)
            ),
        )
        organisations.append(org)
        world.associations.append(Association(org=org, community=community, city=city, stage=stage))
    insert(world, organisations)
    audit_each(world, "organisation.create", organisations, kind=[None, "association"])
    through = Organisation.languages.through
    insert(
        world,
        [
            through(organisation_id=a.org.pk, language_id=code)
            for a in world.associations
            for code in (*a.community.languages, "de")
            if code in world.languages
        ],
    )
    _people(world)
    _accounts(world)
    _interviewers(world)


def _name(rng: random.Random, community: Community) -> tuple[str, str]:
    if rng.random() < 0.15:
        return rng.choice(GERMAN_FIRST), rng.choice(GERMAN_LAST)
    return rng.choice(community.first_names), rng.choice(community.last_names)


def _people(world: World) -> None:
    """About ten people per association, each with one role (the chair often also its
    delegate); one in ten of the members and contacts has left (the role ended)."""
    rng = world.rng
    people: list[Person] = []
    roles: list[tuple[int, int, str, date | None, date | None]] = []
    for a_index, association in enumerate(world.associations):
        size = 6 + rng.randint(0, 8)
        for p_index in range(size):
            first, last = _name(rng, association.community)
            number = len(people) + 1
            email = ""
            if rng.random() < 0.85:
                email = f"{ascii_slug(first)}.{ascii_slug(last)}.{number}@mail.example"
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    email=email,
                    phone=f"0{rng.randint(200, 999)} {rng.randint(100000, 9999999)}"
                    if rng.random() < 0.3
                    else "",
                    preferred_language=association.community.speaks if rng.random() < 0.6 else "de",
                )
            )
            role: str
            if p_index == 0:
                role = AffiliationRole.CHAIR
            elif p_index == 1:
                role = AffiliationRole.TREASURER
            elif p_index - 2 < len(FURTHER_ROLES) and rng.random() < 0.7:
                role = FURTHER_ROLES[p_index - 2]
            else:
                role = AffiliationRole.MEMBER
            start = None
            if rng.random() < 0.4:
                start = date(rng.randint(association.org.founded_year or 1990, 2006), 1, 1)
            end = None
            if p_index >= 2 and rng.random() < 0.1:
                end = world.start + timedelta(days=rng.randint(-400, 500))
                start = min(start or end, end - timedelta(days=rng.randint(200, 2000)))
            roles.append((a_index, len(people) - 1, role, start, end))
    insert(world, people, action="person.create")
    affiliations: list[Affiliation] = []
    for a_index, p_index, role, start, end in roles:
        association, person = world.associations[a_index], people[p_index]
        affiliations.append(
            Affiliation(
                person=person, organisation=association.org, role=role, start=start, end=end
            )
        )
        if end is not None:
            continue
        association.people.append(person)
        if role == AffiliationRole.CHAIR:
            association.chair = person
        elif role == AffiliationRole.TREASURER:
            association.treasurer = person
        elif role == AffiliationRole.DELEGATE:
            association.delegate = person
    for association in world.associations:
        if association.delegate is None and rng.random() < 0.6:
            # The chair is also the delegate, as in the demo's project team.
            assert association.chair is not None
            association.delegate = association.chair
            affiliations.append(
                Affiliation(
                    person=association.chair,
                    organisation=association.org,
                    role=AffiliationRole.DELEGATE,
                )
            )
        association.delegate = association.delegate or association.chair
        association.deputy = next(
            (p for p in (association.treasurer, *association.people) if p != association.delegate),
            None,
        )
    insert(world, affiliations, action="affiliation.add")


def _unusable(rng: random.Random) -> str:
    """An unusable password (as `set_unusable_password` makes), drawn from the seed."""
    return UNUSABLE_PASSWORD_PREFIX + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40)
    )


def _accounts(world: World) -> None:
    """One representative per association: its chair, invited (no password set yet)."""
    rng = world.rng
    accounts = []
    for index, association in enumerate(world.associations):
        chair = association.chair
        assert chair is not None
        account = User(
            username=f"{ACCOUNT_PREFIX}{index + 1:05d}",
            email=chair.email,
            first_name=chair.first_name,
            last_name=chair.last_name,
            role=Role.REPRESENTATIVE,
            acting_for=association.org,
            person=chair,
            password=_unusable(rng),
            date_joined=moment(world.start + timedelta(days=rng.randint(0, 60)), 10),
        )
        association.account = account
        accounts.append(account)
    insert(world, accounts, action="account.invite")


def _interviewers(world: World) -> None:
    """Interviewers of the contracted office; every association is assigned to one."""
    rng = world.rng
    count = max(1, world.n // PER_INTERVIEWER)
    people = [
        Person(first_name=f, last_name=last)
        for f, last in (_name(rng, rng.choice(COMMUNITIES)) for _ in range(count))
    ]
    for index, person in enumerate(people):
        person.email = f"interview{index + 1:03d}@organisationsbuero.example"
    insert(world, people, action="person.create")
    insert(
        world,
        [
            Affiliation(person=p, organisation=world.contractor, role=AffiliationRole.STAFF)
            for p in people
        ],
        action="affiliation.add",
    )
    accounts = [
        User(
            username=f"interviewer{index + 1:03d}",
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            role=Role.INTERVIEWER,
            person=person,
            password=_unusable(rng),
            date_joined=moment(world.start, 9),
        )
        for index, person in enumerate(people)
    ]
    insert(world, accounts, action="account.invite")
    pool = [*world.interviewers, *accounts]
    assignments = []
    for index, association in enumerate(world.associations):
        association.interviewer = pool[index % len(pool)]
        assignments.append(
            InterviewerAssignment(
                programme=world.programme,
                interviewer=association.interviewer,
                organisation=association.org,
            )
        )
    insert(world, assignments, action="interviewer.assign")
