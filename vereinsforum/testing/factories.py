"""factory_boy factories for the foundation models; apps add their own beside their tests."""

from __future__ import annotations

import functools
from datetime import date

import factory
from django.contrib.auth.hashers import make_password

from vereinsforum.accounts.models import Role, User
from vereinsforum.organisations.models import Affiliation, Organisation, OrganisationKind, Person
from vereinsforum.programmes.models import Programme
from vereinsforum.programmes.services import DEFAULT_FIELDS

PASSWORD = "correct horse battery staple"  # noqa: S105


@functools.cache
def hashed_password(raw: str) -> str:
    return make_password(raw)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Verein {n} e.V.")
    district = "Elberfeld"


class DepartmentFactory(OrganisationFactory):
    kind = OrganisationKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Ressort {200 + n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.LazyAttribute(lambda p: f"{p.first_name}.{p.last_name}@example.org".lower())


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "chair"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programm {n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")
    lead_department = factory.SubFactory(DepartmentFactory)
    start = date(2007, 5, 9)

    @factory.post_generation
    def with_fields(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for position, (key, name, i18n) in enumerate(DEFAULT_FIELDS, start=1):
                self.fields.create(key=key, position=position, name=name, name_i18n=i18n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COORDINATOR
    person = factory.SubFactory(PersonFactory)
    email = factory.LazyAttribute(lambda u: u.person.email if u.person else "")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        # Argon2 is slow on purpose; hash each password once per test run, not per user.
        self.password = hashed_password(extracted or PASSWORD)
        if create:
            self.save()
