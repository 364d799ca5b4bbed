"""The measures pages: who reads and writes them (with users from outside every boundary),
the forms, the filters, measures from a resolution and polls over measures."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vereinsforum.events.models import Audience, Event, EventKind
from vereinsforum.forum.models import ItemResult, OptionSource, Poll, ResolutionKind
from vereinsforum.forum.services import sessions
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.services import measure_events_set, measure_status_change
from vereinsforum.testing import factories
from vereinsforum.web.navigation import nav_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(make_measure, programme):
    chair = factories.AffiliationFactory(
        organisation=programme.lead_department, role="staff"
    ).person
    chair.first_name, chair.last_name = "Michaela", "Verantwortlich"
    chair.save()
    return make_measure(
        "Schulung Kassenbuch",
        responsible_organisation=programme.lead_department,
        responsible_person=chair,
        target_participants=10,
    )


def test_staff_read_and_write(client, coordinator, team_member, measure):
    for user in (coordinator, team_member):
        client.force_login(user)
        assert client.get(reverse("measures:list")).status_code == 200
        page = client.get(reverse("measures:detail", args=[measure.pk]))
        assert "Schulung Kassenbuch" in page.text
        assert "Michaela Verantwortlich" in page.text
        assert reverse("measures:edit", args=[measure.pk]) in page.text
        assert client.get(reverse("measures:edit", args=[measure.pk])).status_code == 200
        assert client.get(reverse("measures:create")).status_code == 200


def test_representative_of_an_enrolled_association_reads_but_does_not_write(
    client, representative, enrolled, measure
):
    client.force_login(representative)
    listing = client.get(reverse("measures:list"))
    assert "Schulung Kassenbuch" in listing.text
    assert reverse("measures:create") not in listing.text
    page = client.get(reverse("measures:detail", args=[measure.pk]))
    assert page.status_code == 200
    # The responsible person is named to staff and to the responsible organisation only.
    assert "Michaela Verantwortlich" not in page.text
    assert reverse("measures:edit", args=[measure.pk]) not in page.text
    for name in ("edit", "status", "events"):
        url = reverse(f"measures:{name}", args=[measure.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "X", "status": "planned"}).status_code == 403
    assert client.get(reverse("measures:create")).status_code == 403
    measure.refresh_from_db()
    assert (measure.title, measure.status) == ("Schulung Kassenbuch", MeasureStatus.IDEA)


def test_outsider_of_an_association_not_enrolled_sees_nothing(client, outsider, measure):
    client.force_login(outsider)
    listing = client.get(reverse("measures:list"))
    assert listing.status_code == 200
    assert "Schulung Kassenbuch" not in listing.text
    assert client.get(reverse("measures:detail", args=[measure.pk])).status_code == 404
    assert client.get(reverse("measures:edit", args=[measure.pk])).status_code == 403


def test_the_responsible_organisation_reads_its_measure_even_when_not_enrolled(
    client, service_provider, welfare_service, make_measure, measure
):
    own = make_measure("Workshop der Dienste", responsible_organisation=welfare_service)
    client.force_login(service_provider)
    listing = client.get(reverse("measures:list"))
    assert "Workshop der Dienste" in listing.text
    assert "Schulung Kassenbuch" not in listing.text
    assert client.get(reverse("measures:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("measures:detail", args=[measure.pk])).status_code == 404


def test_the_list_links_the_traceability_only_for_its_readers(
    client, coordinator, representative, service_provider, welfare_service, make_measure, measure
):
    make_measure("Workshop der Dienste", responsible_organisation=welfare_service)
    trace = reverse("measures:trace_index")
    public = reverse("measures:accountability")
    for user, traces in ((coordinator, True), (representative, True), (service_provider, False)):
        client.force_login(user)
        text = client.get(reverse("measures:list")).text
        assert (f'href="{trace}"' in text) is traces, user.role
        assert f'href="{public}"' in text
        # The link leads where the user may go.
        assert client.get(trace).status_code == (200 if traces else 403)


def test_interviewers_and_the_public_are_kept_out(client, interviewer, measure):
    url = reverse("measures:detail", args=[measure.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    assert client.get(reverse("measures:list")).status_code == 403


def test_nav_item_for_staff_and_representatives(
    coordinator, representative, interviewer, service_provider
):
    def has(user):
        return any(item.url_name == "measures:list" for item in nav_items(user))

    assert has(coordinator) and has(representative)
    assert not has(interviewer) and not has(service_provider)


def test_linked_events_the_reader_may_not_see_are_counted_not_named(
    client, representative, enrolled, measure, programme
):
    start = timezone.now() + timedelta(days=3)
    public = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="Offene Schulung",
        start=start,
        end=start + timedelta(hours=2),
        audience=Audience.PUBLIC,
    )
    closed = Event.objects.create(
        programme=programme,
        kind=EventKind.WORKSHOP,
        title="Klausur Zentrovic",
        start=start,
        end=start + timedelta(hours=2),
        audience=Audience.CHOSEN,
    )
    measure_events_set(actor=TEST, measure=measure, events=[public, closed])
    client.force_login(representative)
    page = client.get(reverse("measures:detail", args=[measure.pk])).text
    assert "Offene Schulung" in page
    assert "Klausur Zentrovic" not in page
    assert "1 more event is not open to you" in page or "1 weitere" in page


def test_create_and_edit_through_the_form(client, coordinator, programme):
    client.force_login(coordinator)
    fields = {f.key: f for f in programme.fields.all()}
    response = client.post(
        reverse("measures:create"),
        {
            "title": "Leitfaden Kasse",
            "kind": MeasureKind.GUIDE,
            "fields": [fields["bookkeeping"].pk, fields["pc_skills"].pk],
            "status": MeasureStatus.PLANNED,
            "on": "2007-10-10",
            "target_associations": "25",
        },
    )
    measure = Measure.objects.get(title="Leitfaden Kasse")
    assert response.status_code == 302
    assert response.url == reverse("measures:detail", args=[measure.pk])
    assert measure.status == MeasureStatus.PLANNED
    assert measure.timeline.get().on == date(2007, 10, 10)
    assert set(measure.fields.values_list("key", flat=True)) == {"bookkeeping", "pc_skills"}
    response = client.post(
        reverse("measures:edit", args=[measure.pk]),
        {
            "title": "Leitfaden Vereinskasse",
            "kind": MeasureKind.GUIDE,
            "fields": [fields["bookkeeping"].pk],
            "feedback": "Gut verständlich.",
            "start": "2008-03-09",
            "end": "2008-03-08",
        },
    )
    # The end before the start: the database's rule, shown on the form.
    assert response.status_code == 200
    assert "Das geplante Ende kann nicht vor dem Beginn liegen." in response.text
    response = client.post(
        reverse("measures:edit", args=[measure.pk]),
        {
            "title": "Leitfaden Vereinskasse",
            "kind": MeasureKind.GUIDE,
            "fields": [fields["bookkeeping"].pk],
            "feedback": "Gut verständlich.",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.feedback) == ("Leitfaden Vereinskasse", "Gut verständlich.")


def test_status_form_offers_the_next_steps_and_refuses_an_earlier_date(
    client, coordinator, measure
):
    client.force_login(coordinator)
    url = reverse("measures:status", args=[measure.pk])
    page = client.get(url).text
    assert 'value="planned"' in page and 'value="dropped"' in page
    assert 'value="running"' not in page
    response = client.post(url, {"status": "running", "on": "2007-10-11"})
    assert response.status_code == 200  # not a choice the form offers
    response = client.post(url, {"status": "planned", "on": "2007-10-01"})
    assert response.status_code == 200
    assert "Das Datum kann nicht vor dem vorigen Schritt (10.10.2007) liegen." in response.text
    response = client.post(url, {"status": "planned", "on": "2007-10-12", "note": "Beschluss"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    detail = client.get(reverse("measures:detail", args=[measure.pk])).text
    assert "Beschluss" in detail


def test_a_final_measure_has_no_status_form(client, coordinator, measure):
    measure_status_change(
        actor=TEST, measure=measure, status=MeasureStatus.DROPPED, on=date(2007, 11, 1)
    )
    client.force_login(coordinator)
    assert client.get(reverse("measures:status", args=[measure.pk])).status_code == 302
    detail = client.get(reverse("measures:detail", args=[measure.pk])).text
    assert reverse("measures:status", args=[measure.pk]) not in detail


def test_list_filters_by_field_status_and_kind(client, coordinator, make_measure, programme):
    make_measure("Kasse A", keys=["bookkeeping"])
    b = make_measure("Presse B", keys=["public_relations"], kind=MeasureKind.WORKSHOP)
    make_measure("Presse C", keys=["public_relations"], status=MeasureStatus.PLANNED)
    measure_status_change(actor=TEST, measure=b, status=MeasureStatus.PLANNED, on=date(2007, 11, 1))
    client.force_login(coordinator)
    pr = programme.fields.get(key="public_relations").pk

    def titles(**query):
        page = client.get(reverse("measures:list"), query).text
        return {t for t in ("Kasse A", "Presse B", "Presse C") if t in page}

    assert titles() == {"Kasse A", "Presse B", "Presse C"}
    assert titles(field=pr) == {"Presse B", "Presse C"}
    assert titles(field=pr, kind="workshop") == {"Presse B"}
    assert titles(status="idea") == {"Kasse A"}
    assert titles(status="bogus") == {"Kasse A", "Presse B", "Presse C"}


def test_list_is_paginated(client, coordinator, make_measure):
    for n in range(27):
        make_measure(f"Maßnahme {n:02d}")
    client.force_login(coordinator)
    first = client.get(reverse("measures:list")).text
    second = client.get(reverse("measures:list"), {"page": 2}).text
    assert "27 measures" in first or "27 Maßnahmen" in first
    assert "Maßnahme 00" in first and "Maßnahme 26" not in first
    assert "Maßnahme 26" in second


# ---- from a resolution, and polls over measures ---------------------------------------------


@pytest.fixture
def resolution(body, session_event):
    item = sessions.agenda_item_add(
        actor=TEST, body=body, event=session_event, title="Thema Buchhaltung: Leitfaden"
    )
    return sessions.agenda_item_update(
        actor=TEST,
        item=item,
        title="Thema Buchhaltung: Leitfaden",
        description="",
        resolution="Die Arbeitsgruppe schreibt einen Leitfaden.",
        resolution_kind=ResolutionKind.GUIDE,
        result=ItemResult.ADOPTED,
    )


def test_the_session_page_links_to_creating_measures_from_an_adopted_resolution(
    client, coordinator, representative, member, resolution, session_event, body
):
    other = sessions.agenda_item_add(actor=TEST, body=body, event=session_event, title="Begrüßung")
    url = reverse("forum:session_detail", args=[session_event.pk])
    client.force_login(coordinator)
    page = client.get(url).text
    assert reverse("measures:from_resolution", args=[resolution.pk]) in page
    assert reverse("measures:from_resolution", args=[other.pk]) not in page
    client.force_login(representative)
    assert reverse("measures:from_resolution", args=[resolution.pk]) not in client.get(url).text
    assert client.get(reverse("measures:from_resolution", args=[resolution.pk])).status_code == 403


def test_measures_from_a_resolution_through_the_form(
    client, coordinator, resolution, programme, body, session_event
):
    client.force_login(coordinator)
    url = reverse("measures:from_resolution", args=[resolution.pk])
    page = client.get(url).text
    # Kind and title come from the resolution.
    assert 'value="Thema Buchhaltung: Leitfaden"' in page
    assert re.search(r"<option value=\"guide\"[^>]*selected", page)
    bookkeeping = programme.fields.get(key="bookkeeping").pk
    data = {
        "measure-TOTAL_FORMS": "3",
        "measure-INITIAL_FORMS": "1",
        "measure-MIN_NUM_FORMS": "1",
        "measure-MAX_NUM_FORMS": "10",
        "measure-0-title": "Leitfaden Vereinsbuchhaltung",
        "measure-0-kind": "guide",
        "measure-0-fields": [bookkeeping],
        "measure-1-title": "Arbeitsgruppe Vereinsbuchhaltung",
        "measure-1-kind": "working_group",
        "measure-1-fields": [bookkeeping],
        "measure-1-target_associations": "6",
        # The third row stays empty.
    }
    response = client.post(url, data)
    assert response.status_code == 302
    measures = list(resolution.measures.order_by("pk"))
    assert [m.title for m in measures] == [
        "Leitfaden Vereinsbuchhaltung",
        "Arbeitsgruppe Vereinsbuchhaltung",
    ]
    assert [m.kind for m in measures] == ["guide", "working_group"]
    assert measures[1].target_associations == 6
    assert all(m.status == MeasureStatus.PLANNED for m in measures)
    # A row with a title but no fields is refused, and nothing is created.
    data["measure-2-title"] = "Ohne Feld"
    data["measure-2-kind"] = "other"
    response = client.post(url, data)
    assert response.status_code == 200
    assert resolution.measures.count() == 2


def test_a_poll_over_measures_offers_the_planned_measures(client, coordinator, body, make_measure):
    a = make_measure("Grundlagenschulung", status=MeasureStatus.PLANNED)
    b = make_measure("Leitfaden", status=MeasureStatus.PLANNED)
    make_measure("Nur eine Idee")
    client.force_login(coordinator)
    opens = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        reverse("forum:poll_create"),
        {
            "title": "Welche Maßnahme zuerst?",
            "method": "schulze",
            "option_source": OptionSource.MEASURES,
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.text
    poll = Poll.objects.get(title="Welche Maßnahme zuerst?")
    assert poll.option_source == OptionSource.MEASURES
    assert list(poll.options.values_list("label", "reference", "field")) == [
        ("Grundlagenschulung", f"measure:{a.pk}", None),
        ("Leitfaden", f"measure:{b.pk}", None),
    ]
