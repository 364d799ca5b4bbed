"""The API's behaviour: the registration journey by token, scope, pagination, ETags, errors."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from vereinsforum.api.tests.conftest import ApiClient
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import Audience, Invitation, Registration
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.models import Person
from vereinsforum.testing import factories

SECRET = re.compile(r'id="token-secret">(vf_[^<]+)</code>')


def _token_from_page(client, user, *, read_only: bool) -> str:
    client.force_login(user)
    data = {"name": "journey", "expires": timezone.localdate() + timedelta(days=7)}
    if read_only:
        data["read_only"] = "on"
    response = client.post("/api/tokens/", data)
    return SECRET.search(response.content.decode()).group(1)


@pytest.fixture
def delegate(association):
    person = factories.PersonFactory(first_name="Ayşe", last_name="Demir")
    factories.AffiliationFactory(person=person, organisation=association, role="delegate")
    return person


def test_registration_journey_by_token(client, programme, representative, team_member, delegate):
    """Token → list events → register a delegate → staff check in; audited as on the pages."""
    event = EventFactory(programme=programme, title="Vereinsrecht", title_i18n={}, capacity=10)
    rep_token = _token_from_page(client, representative, read_only=False)
    staff_token = _token_from_page(client, team_member, read_only=False)
    rep, staff = ApiClient(rep_token), ApiClient(staff_token)

    events = rep.get("/api/v1/events", {"upcoming": "true"}).json()
    assert [e["title"] for e in events["results"]] == ["Vereinsrecht"]
    assert events["results"][0]["seats_left"] == 10

    created = rep.post(f"/api/v1/events/{event.pk}/registrations", {"person": delegate.pk})
    assert created.status_code == 201, created.content
    registration = created.json()
    assert registration["status"] == "registered" and registration["source"] == "self"
    assert registration["person"] == {"id": delegate.pk, "name": "Ayşe Demir"}
    assert registration["organisation"]["name"] == "Anadolu e.V."
    # The same person twice: the service's rule, as a translated problem.
    again = rep.post(f"/api/v1/events/{event.pk}/registrations", {"person": delegate.pk})
    assert again.status_code == 422
    assert again.json()["errors"] == [{"field": "", "message": "Ayşe Demir is already registered."}]

    # The representative may not check in; staff may.
    url = f"/api/v1/registrations/{registration['id']}/check-in"
    assert rep.post(url).status_code == 403
    checked = staff.post(url)
    assert checked.status_code == 200
    assert checked.json()["status"] == "attended" and checked.json()["checked_in_at"]
    row = Registration.objects.get(pk=registration["id"])
    assert row.status == "attended" and row.registered_by == representative
    actions = list(
        AuditEntry.objects.filter(target_type="events.registration")
        .order_by("pk")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("registration.create", "representative"),
        ("registration.check_in", "team_member"),
    ]


def test_cancel_by_the_association_and_by_staff(programme, representative, team_member, api):
    event = EventFactory(programme=programme)
    person = representative.person
    rep = api(representative)
    made = rep.post(f"/api/v1/events/{event.pk}/registrations", {"person": person.pk}).json()
    cancelled = rep.post(f"/api/v1/registrations/{made['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=made["id"]).cancel_reason == "participant"
    # Cancelled already: the service refuses, 422.
    assert rep.post(f"/api/v1/registrations/{made['id']}/cancel").status_code == 422
    again = rep.post(f"/api/v1/events/{event.pk}/registrations", {"person": person.pk}).json()
    assert api(team_member).post(f"/api/v1/registrations/{again['id']}/cancel").status_code == 200
    assert Registration.objects.get(pk=again["id"]).cancel_reason == "staff"


def test_a_representative_cannot_reach_another_association(
    programme, representative, outsider, other_association, api
):
    """Read: 404 for the other association's rows; write: 403/404/422, nothing written."""
    event = EventFactory(programme=programme, audience=Audience.CHOSEN)
    Invitation.objects.create(event=event, organisation=other_association)
    theirs = Registration.objects.create(
        event=event, organisation=other_association, person=outsider.person, status="registered"
    )
    rep = api(representative)
    # The invitation-only event of the other association is invisible.
    assert rep.get(f"/api/v1/events/{event.pk}").status_code == 404
    assert rep.get(f"/api/v1/organisations/{other_association.pk}").status_code == 404
    assert rep.get(f"/api/v1/people/{outsider.person_id}").status_code == 404
    assert rep.get(f"/api/v1/registrations/{theirs.pk}").status_code == 404
    assert rep.post(f"/api/v1/registrations/{theirs.pk}/cancel").status_code == 404
    assert rep.post(f"/api/v1/registrations/{theirs.pk}/check-in").status_code == 403
    listed = rep.get("/api/v1/organisations").json()
    assert [o["id"] for o in listed["results"]] == [representative.acting_for_id]
    # A public event: visible, but the other association's member cannot be registered,
    # nor can the representative register in the other association's name.
    public = EventFactory(programme=programme)
    url = f"/api/v1/events/{public.pk}/registrations"
    assert rep.post(url, {"person": outsider.person_id}).status_code == 422
    body = {"person": outsider.person_id, "organisation": other_association.pk}
    assert rep.post(url, body).status_code == 403
    # Their registrations of a shared event are not listed.
    Registration.objects.create(
        event=public, organisation=other_association, person=outsider.person, status="registered"
    )
    assert rep.get(url).json()["count"] == 0
    assert api(outsider).get(url).json()["count"] == 1
    assert Registration.objects.filter(organisation=representative.acting_for).count() == 0
    assert not AuditEntry.objects.filter(target_type="events.registration").exists()


def test_contact_details_follow_the_person_page(representative, interviewer, association, api):
    """E-mail and phone for whom may open the person's page; erased people have none."""
    member = factories.PersonFactory(phone="0202 123")
    factories.AffiliationFactory(person=member, organisation=association, role="member")
    other = factories.PersonFactory()
    for user in (representative, interviewer):
        body = api(user).get(f"/api/v1/people/{member.pk}").json()
        assert body["email"] == member.email and body["phone"] == "0202 123"
        assert api(user).get(f"/api/v1/people/{other.pk}").status_code == 404
    Person.objects.filter(pk=member.pk).update(pseudonymised_at=timezone.now())
    body = api(representative).get(f"/api/v1/people/{member.pk}").json()
    assert body["email"] is None and body["erased"] is True


def test_pagination(coordinator, api):
    for n in range(7):
        factories.OrganisationFactory(name=f"Verein {n:02d}")
    client = api(coordinator)
    first = client.get("/api/v1/organisations", {"page_size": 3}).json()
    assert first["count"] == 7 and first["previous"] is None
    assert [o["name"] for o in first["results"]] == ["Verein 00", "Verein 01", "Verein 02"]
    assert first["next"].endswith("/api/v1/organisations?page_size=3&page=2") or (
        "page=2" in first["next"] and "page_size=3" in first["next"]
    )
    names = [o["name"] for o in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        names += [o["name"] for o in page["results"]]
        url = page["next"]
    assert names == [f"Verein {n:02d}" for n in range(7)]
    last = client.get("/api/v1/organisations", {"page_size": 3, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    assert client.get("/api/v1/organisations", {"page": 4, "page_size": 3}).status_code == 404
    too_big = client.get("/api/v1/organisations", {"page_size": 101})
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["field"] == "page_size"


def test_etag_gives_304_until_the_data_changes(coordinator, association, api):
    client = api(coordinator)
    url = f"/api/v1/organisations/{association.pk}"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and "Authorization" in first["Vary"]
    unchanged = client.get(url, **{"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    association.name = "Anadolu Kulturverein e.V."
    association.save()
    changed = client.get(url, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_problem_details_for_validation_and_not_found(representative, api):
    client = api(representative)
    missing = client.get("/api/v1/events/987654")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    assert missing.json() == {
        "type": "/api/v1/docs#problem-not-found",
        "title": "Not found",
        "status": 404,
        "detail": "There is nothing here, or not for you.",
    }
    unknown = client.get("/api/v1/nirgendwo/1")
    assert unknown.status_code == 404
    assert unknown["Content-Type"].startswith("application/problem+json")
    wrong_method = client.post("/api/v1/events")
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "GET"
    assert wrong_method.json()["type"] == "/api/v1/docs#problem-method-not-allowed"
    bad = client.post("/api/v1/events/1/registrations", {"person": "eins"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "person"
    assert bad.json()["title"] == "Invalid input"


def test_every_problem_type_is_explained_on_the_documentation_page(client, representative, api):
    docs = client.get("/api/v1/docs").content.decode()
    for kind in ("unauthorized", "read-only", "not-found", "validation", "rate-limited"):
        assert f'id="problem-{kind}"' in docs
    body = api(None).get("/api/v1/events").json()
    assert body["type"] == "/api/v1/docs#problem-unauthorized"


def test_problem_details_are_translated(representative, token_for):
    german = ApiClient(token_for(representative))
    german.headers["Accept-Language"] = "de"
    body = german.get("/api/v1/events/987654").json()
    assert body["status"] == 404  # the German text comes with the catalogue


def test_measures_name_the_responsible_person_only_for_staff_and_the_organisation(
    programme, association, representative, team_member, api
):
    from vereinsforum.measures.models import Measure, MeasureStatus

    lead = factories.PersonFactory(first_name="Murat", last_name="Yılmaz")
    own = Measure.objects.create(
        programme=programme,
        kind="workshop",
        title="Raumbörse",
        status=MeasureStatus.PLANNED,
        responsible_organisation=association,
        responsible_person=lead,
    )
    other_org = factories.OrganisationFactory(name="AWO", kind="welfare_service")
    Measure.objects.create(
        programme=programme,
        kind="training",
        title="Kassenführung",
        status=MeasureStatus.PLANNED,
        responsible_organisation=other_org,
        responsible_person=lead,
    )
    staff = api(team_member).get("/api/v1/measures").json()
    assert [(m["title"], m["responsible_person"]) for m in staff["results"]] == [
        ("Raumbörse", "Murat Yılmaz"),
        ("Kassenführung", "Murat Yılmaz"),
    ]
    # The association is not enrolled: it reads the measure it is responsible for only.
    rep = api(representative).get("/api/v1/measures").json()
    assert [m["id"] for m in rep["results"]] == [own.pk]
    assert rep["results"][0]["responsible_person"] == "Murat Yılmaz"


def test_reports_staff_render_a_draft_the_public_reads_issued_ones(
    coordinator, representative, programme, api, settings
):
    from vereinsforum.reports.models import Report

    report = Report.objects.create(
        programme=programme,
        body=programme.lead_department,
        reference="VO/0001/08",
        title="Sachstand Mehr PS",
        date=timezone.localdate(),
        department=programme.lead_department,
        committee=programme.lead_department,
        meeting_date=timezone.localdate(),
    )
    staff = api(coordinator)
    listed = staff.get("/api/v1/reports").json()
    assert [r["reference"] for r in listed["results"]] == ["VO/0001/08"]
    docx = staff.get(f"/api/v1/reports/{report.pk}/files/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "Entwurf-" in docx["Content-Disposition"]
    # A draft is the staff's: the association's token finds nothing.
    rep = api(representative)
    assert rep.get("/api/v1/reports").json()["count"] == 0
    assert rep.get(f"/api/v1/reports/{report.pk}/files/docx").status_code == 404


def test_the_event_list_counts_each_events_seats_in_its_own_query(
    api, programme, coordinator, association
):
    """Seats as the rows say (waiting and cancelled ones hold none), and the same number of
    queries for 2 events as for 12."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(coordinator, read_only=True)

    def listed():
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/events", {"page_size": 50}).json()
        return {e["id"]: (e["seats_taken"], e["seats_left"]) for e in body["results"]}, len(queries)

    listed()  # the token's first use is also recorded on it
    events = [EventFactory(programme=programme, capacity=5) for _ in range(2)]
    for status in ("registered", "registered", "waitlisted", "cancelled"):
        Registration.objects.create(
            event=events[0],
            organisation=association,
            person=factories.PersonFactory(),
            status=status,
            waitlisted_at=timezone.now() if status == "waitlisted" else None,
        )
    seats, few = listed()
    assert seats[events[0].pk] == (events[0].seats_taken(), 3) == (2, 3)
    assert seats[events[1].pk] == (0, 5)
    for _ in range(10):
        EventFactory(programme=programme, capacity=None)
    seats, many = listed()
    assert len(seats) == 12 and many == few
