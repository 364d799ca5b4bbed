"""The export catalogue: each file holds exactly the rows its pages show the user, formula-
looking text stays text, consents only for coordinators."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from vereinsforum.events.models import Event, EventKind, Registration
from vereinsforum.events.services.registration import registration_create
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import Measure
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.privacy.models import Channel, Purpose
from vereinsforum.privacy.services import consent_record, consent_withdraw
from vereinsforum.testing.factories import AffiliationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","klick")'


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def export(client, what, fmt="csv"):
    return client.get(
        reverse("transfer:export", kwargs={"what": what, "fmt": fmt}), HTTP_ACCEPT_LANGUAGE="en"
    )


def test_catalogue_links_every_export_and_the_existing_ones(client, coordinator, programme):
    from vereinsforum.needs.models import Wave

    client.force_login(coordinator)
    page = client.get(reverse("transfer:index")).content.decode()
    for slug in ("organisationen", "kontakte", "anmeldungen", "abstimmungen", "massnahmen"):
        for fmt in ("csv", "xlsx"):
            assert reverse("transfer:export", kwargs={"what": slug, "fmt": fmt}) in page
    assert reverse("offers:coverage_export", args=["xlsx"]) in page
    for wave in Wave.objects.all():
        assert (
            reverse("needs:export", kwargs={"pk": wave.pk, "what": "antworten", "fmt": "csv"})
            in page
        )


def test_team_members_get_no_link_to_single_answers(client, team_member, programme):
    from vereinsforum.needs.models import Wave

    client.force_login(team_member)
    page = client.get(reverse("transfer:index")).content.decode()
    for wave in Wave.objects.all():
        assert (
            reverse("needs:export", kwargs={"pk": wave.pk, "what": "antworten", "fmt": "csv"})
            not in page
        )
        assert (
            reverse("needs:export", kwargs={"pk": wave.pk, "what": "kennzahlen", "fmt": "csv"})
            in page
        )


def test_organisations_export_holds_every_row_and_keeps_formulas_text(client, team_member):
    OrganisationFactory(name=FORMULA, register_number="VR 1", email="a@example.org")
    OrganisationFactory(name="Centro e.V.", register_number="+49 1")
    client.force_login(team_member)
    header, *rows = rows_of(export(client, "organisationen"))
    assert header[:2] == ["ID", "Name"]
    expected = sorted(Organisation.objects.values_list("pk", "name", "register_number"))
    got = sorted((int(r[0]), r[1], r[6]) for r in rows)
    neutralised = [
        (pk, ("'" + n if n[0] in "=+-@" else n), ("'" + r if r[:1] in "=+-@" else r))
        for pk, n, r in expected
    ]
    assert got == sorted(neutralised)
    # XLSX: the same cell is a text cell, not a formula.
    workbook = load_workbook(io.BytesIO(export(client, "organisationen", "xlsx").content))
    cells = [row[1] for row in workbook.active.iter_rows(min_row=2)]
    evil = next(c for c in cells if c.value == FORMULA)
    assert evil.data_type == "s"


def test_contacts_export_with_consents_for_coordinators(
    client, coordinator, team_member, association
):
    person = AffiliationFactory(organisation=association, role="chair").person
    withdrawn = AffiliationFactory(organisation=association, role="member").person
    consent_record(
        actor=coordinator,
        person=person,
        purpose=Purpose.NEWSLETTER,
        given_on=date(2007, 6, 1),
        source=Channel.PAPER,
        text="Ja, Newsletter.",
    )
    consent = consent_record(
        actor=coordinator,
        person=withdrawn,
        purpose=Purpose.PHOTOS,
        given_on=date(2007, 6, 1),
        source=Channel.PAPER,
        text="Fotos ok.",
    )
    consent_withdraw(
        actor=coordinator, consent=consent, withdrawn_on=date(2007, 7, 1), source=Channel.EMAIL
    )
    client.force_login(coordinator)
    header, *rows = rows_of(export(client, "kontakte"))
    newsletter = header.index(f"Consent: {Purpose.NEWSLETTER.label}")
    photos = header.index(f"Consent: {Purpose.PHOTOS.label}")
    by_name = {(r[1], r[2]): r for r in rows}
    assert by_name[(person.first_name, person.last_name)][newsletter] == "2007-06-01"
    assert by_name[(withdrawn.first_name, withdrawn.last_name)][photos] == ""  # withdrawn
    # Every active person once per current role, or once without one.
    expected = sum(max(1, p.affiliations.current().count()) for p in Person.objects.active())
    assert len(rows) == expected
    # Team members read the contacts as on the people pages, without the consents.
    client.force_login(team_member)
    header, *rows = rows_of(export(client, "kontakte"))
    assert not any(h.startswith("Consent") for h in header)
    assert len(rows) == expected


def test_registrations_export_matches_the_rows(client, coordinator, programme, association):
    start = timezone.now() + timedelta(days=1)
    event = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="Schulung Vereinsrecht",
        start=start,
        end=start + timedelta(hours=2),
        capacity=10,
        audience="public",
    )
    people = [AffiliationFactory(organisation=association, role="member").person for _ in range(2)]
    for person in people:
        registration_create(actor=coordinator, event=event, person=person, organisation=association)
    Registration.objects.filter(person=people[0]).update(checked_in_at=timezone.now())
    client.force_login(coordinator)
    header, *rows = rows_of(export(client, "anmeldungen"))
    assert len(rows) == Registration.objects.count() == 2
    attended = {r[4]: r[8] for r in rows}
    assert attended == {people[0].last_name: "yes", people[1].last_name: "no"}


def test_poll_results_export_holds_counted_polls_only(client, coordinator, programme):
    body = bodies.body_create(
        actor=TEST, programme=programme, name="Forum der Vereine", quorum_percent=50
    )
    now = timezone.now()
    counted = polls.poll_create(
        actor=TEST,
        body=body,
        title="Prioritäten 2007",
        method="schulze",
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(days=1),
    )
    open_poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Noch offen",
        method="schulze",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    options = list(counted.options.all())
    assert options  # the programme's fields are the options
    for place, option in enumerate(options, start=1):
        option.rank, option.score, option.weight = place, 10.0 - place, round(1 / place, 3)
        option.save()
    counted.counted_at = now
    counted.tally = {"ballots": 7, "option_ids": [o.pk for o in options]}
    counted.save()
    client.force_login(coordinator)
    header, *rows = rows_of(export(client, "abstimmungen"))
    assert {r[0] for r in rows} == {"Prioritäten 2007"}
    assert open_poll.title not in {r[0] for r in rows}
    got = [(r[6], int(r[7]), float(r[9])) for r in rows]
    assert got == [(o.label, o.rank, o.weight) for o in options]
    assert {r[4] for r in rows} == {"7"}


def test_measures_export(client, team_member, programme, association):
    Measure.objects.create(
        programme=programme,
        kind="training",
        title="@Schulung Kassenführung",
        status="planned",
        responsible_organisation=association,
    )
    client.force_login(team_member)
    header, *rows = rows_of(export(client, "massnahmen"))
    assert [(r[1], r[4]) for r in rows] == [("'@Schulung Kassenführung", association.name)]


def test_unknown_export_or_format_is_404(client, coordinator):
    client.force_login(coordinator)
    assert export(client, "passwoerter").status_code == 404
    assert export(client, "organisationen", "pdf").status_code == 404


def test_an_erased_person_is_in_no_export(client, coordinator, programme, association):
    from vereinsforum.organisations.services import person_pseudonymise

    person = AffiliationFactory(organisation=association, role="chair").person
    person.first_name, person.last_name, person.email = (
        "Zeynep",
        "Unverwechselbar",
        "zeynep@example.org",
    )
    person.save()
    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="Schulung",
        start=start,
        end=start + timedelta(hours=2),
        capacity=10,
        audience="public",
    )
    registration_create(actor=coordinator, event=event, person=person, organisation=association)
    consent_record(
        actor=coordinator,
        person=person,
        purpose=Purpose.NEWSLETTER,
        given_on=date(2007, 6, 1),
        source=Channel.PAPER,
        text="Ja.",
    )
    client.force_login(coordinator)
    assert "Unverwechselbar" in export(client, "kontakte").content.decode("utf-8-sig")
    person_pseudonymise(actor=coordinator, person=person)
    for slug in ("organisationen", "kontakte", "anmeldungen", "abstimmungen", "massnahmen"):
        for fmt in ("csv", "xlsx"):
            content = export(client, slug, fmt).content
            if fmt == "xlsx":
                workbook = load_workbook(io.BytesIO(content))
                content = "\n".join(
                    str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row
                ).encode()
            for term in ("Zeynep", "Unverwechselbar", "zeynep@example.org"):
                assert term.encode() not in content, (slug, fmt, term)
    # The registration is still counted, by the pseudonym.
    header, *rows = rows_of(export(client, "anmeldungen"))
    assert len(rows) == 1 and rows[0][4] == f"Erased person #{person.pk}"
