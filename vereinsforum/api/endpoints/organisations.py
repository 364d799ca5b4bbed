"""Organisations and people, scoped exactly as the organisation and person pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from ninja import Query, Router, Schema

from vereinsforum.accounts.scoping import get_for_user
from vereinsforum.api.core import Id, Line, PageParams, page_of, paginate
from vereinsforum.organisations.models import (
    Affiliation,
    Organisation,
    OrganisationKind,
    Person,
)

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name: str
    short_name: str
    legal_form: str
    register_number: str
    street: str
    postcode: str
    city: str
    district: str
    communities: str
    languages: list[str]
    founded_year: int | None
    member_count: int | None
    volunteer_count: int | None
    email: str
    phone: str
    website: str
    public_description: str
    verification: str


class OrganisationRef(Schema):
    id: int
    name: str


class AffiliationOut(Schema):
    organisation: OrganisationRef
    role: str
    start: date | None
    end: date | None


class PersonOut(Schema):
    """A person; e-mail and phone only for whom the person page shows them to."""

    id: int
    name: str
    preferred_language: str
    erased: bool
    email: str | None
    phone: str | None
    affiliations: list[AffiliationOut]


class PersonRef(Schema):
    id: int
    name: str


OrganisationPage = page_of(OrganisationOut, "OrganisationPage")
PersonPage = page_of(PersonOut, "PersonPage")


def organisation_out(org: Organisation) -> dict:
    names = [name for name in OrganisationOut.model_fields if name != "languages"]
    data = {name: getattr(org, name) for name in names}
    data["languages"] = [lang.code for lang in org.languages.all()]
    return data


def person_ref(person: Person) -> dict:
    return {"id": person.pk, "name": person.full_name}


def may_see_contact(user, person: Person) -> bool:
    """The person page's rule: whoever may open a person's page sees their e-mail and phone."""
    if person.pseudonymised_at:
        return False
    return Person.objects.for_user(user).filter(pk=person.pk).exists()


def _visible_affiliations(person: Person) -> list[Affiliation]:
    """The affiliations `Prefetch(..., to_attr="visible_affiliations")` put on the person."""
    # getattr: an attribute the prefetch adds, not the model's, so mypy cannot know it.
    affiliations: list[Affiliation] = getattr(person, "visible_affiliations")  # noqa: B009
    return affiliations


def person_out(person: Person, *, contact: bool) -> dict:
    return {
        "id": person.pk,
        "name": person.full_name,
        "preferred_language": person.preferred_language,
        "erased": bool(person.pseudonymised_at),
        "email": person.email if contact else None,
        "phone": person.phone if contact else None,
        "affiliations": [
            {
                "organisation": {"id": a.organisation_id, "name": a.organisation.name},
                "role": a.role,
                "start": a.start,
                "end": a.end,
            }
            for a in _visible_affiliations(person)
        ],
    }


def _people(user):
    visible_orgs = Organisation.objects.for_user(user)
    # Only the affiliations with organisations the user may see (as on the person list).
    return Person.objects.for_user(user).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(organisation__in=visible_orgs)
            .select_related("organisation")
            .order_by("organisation__name", "role"),
            to_attr="visible_affiliations",
        )
    )


@router.get("/organisations", response=OrganisationPage, summary="Organisations")
def organisation_list(
    request,
    params: Query[PageParams],
    q: Line = "",
    kind: OrganisationKind | None = None,
):
    """The organisations the token's account may see (coordinators and team: all; an
    interviewer: the assigned associations; a representative: their own)."""
    qs = Organisation.objects.for_user(request.user)
    if q or kind:
        qs = qs.matching(q=q, kind=kind or "")
    qs = qs.prefetch_related("languages").order_by("name", "pk")
    return paginate(request, qs, params, organisation_out)


@router.get("/organisations/{pk}", response=OrganisationOut, summary="One organisation")
def organisation_detail(request, pk: Id):
    org = get_for_user(request.user, Organisation.objects.prefetch_related("languages"), pk=pk)
    return organisation_out(org)


@router.get("/people", response=PersonPage, summary="People")
def person_list(request, params: Query[PageParams], q: Line = ""):
    """People the account may see, with their roles in organisations it may see."""
    people = _people(request.user)
    if q:
        people = people.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q))
    people = people.order_by("last_name", "first_name", "pk")
    return paginate(
        request, people, params, lambda p: person_out(p, contact=not p.pseudonymised_at)
    )


@router.get("/people/{pk}", response=PersonOut, summary="One person")
def person_detail(request, pk: Id):
    person = get_for_user(request.user, _people(request.user), pk=pk)
    return person_out(person, contact=not person.pseudonymised_at)
