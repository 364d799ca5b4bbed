"""The reports tests' world: the city, its department and committee, and a draft paper."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.organisations.models import OrganisationKind
from vereinsforum.reports.models import ResolutionQuality
from vereinsforum.reports.services import ReportFields, report_create
from vereinsforum.testing import factories


@pytest.fixture
def city(db):
    return factories.OrganisationFactory(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")


@pytest.fixture
def department(programme, city):
    department = programme.lead_department
    department.parent = city
    department.save()
    return department


@pytest.fixture
def committee(city):
    return factories.OrganisationFactory(
        kind=OrganisationKind.COMMITTEE, name="Migrationsausschuss", parent=city
    )


@pytest.fixture
def report_fields(department, committee):
    return ReportFields(
        reference="VO/0985/07",
        title="Sachstand des Projektes",
        date=date(2007, 11, 12),
        division="Soziales, Jugend & Integration",
        department=department,
        officer_name="Michael Visser",
        officer_phone="(0202) 563 2514",
        officer_email="michael.visser@stadt.wuppertal.de",
        committee=committee,
        meeting_date=date(2007, 11, 21),
        resolution_quality=ResolutionQuality.ENTGEGENNAHME,
        reason="Sachstandsbericht",
        proposal="Entgegennahme ohne Beschluss",
        signatory="Dr. Stefan Kühn",
        explanation="Erster Absatz.\n\nZweiter Absatz.",
    )


@pytest.fixture
def draft_report(coordinator, programme, report_fields):
    return report_create(actor=coordinator, programme=programme, fields=report_fields)
