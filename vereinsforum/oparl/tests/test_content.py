"""What the domain becomes in OParl: papers, consultations, meetings, organizations."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from vereinsforum.events.models import EventKind
from vereinsforum.oparl.tests.factories import at, event, issued_report
from vereinsforum.oparl.tests.walker import to_path
from vereinsforum.reports.models import Report, ReportStatus


def obj(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


def test_paper_of_the_issued_report(world, client):
    paper = obj(client, f"/oparl/v1/paper/{world.report.pk}")
    assert paper["reference"] == "VO/0985/07"
    assert paper["paperType"] == "Bericht"
    assert paper["date"] == "2007-11-12"
    assert paper["underDirectionOf"][0].endswith(f"/organization/{world.department.pk}")
    assert paper["mainFile"]["fileName"] == "VO-0985-07.pdf"
    [consultation] = paper["consultation"]
    assert consultation["role"] == "Entgegennahme o. B."
    assert consultation["authoritative"] is False
    assert consultation["organization"][0].endswith(f"/organization/{world.committee.pk}")
    assert consultation["meeting"].endswith(f"/meeting/{world.committee_meeting.pk}")
    standalone = obj(client, to_path(consultation["id"]))
    assert standalone["paper"] == paper["id"]


def test_a_decision_is_authoritative(world, client):
    Report.objects.filter(pk=world.report.pk).update(resolution_quality="entscheidung")
    consultation = obj(client, f"/oparl/v1/consultation/{world.report.pk}")
    assert consultation["authoritative"] is True
    assert consultation["role"] == "Entscheidung"


def test_drafts_and_non_public_reports_are_not_published(world, client):
    draft = Report.objects.create(
        programme=world.programme,
        body=world.city,
        reference="VO/0001/08",
        title="Entwurf",
        date=date(2008, 1, 1),
        department=world.department,
        committee=world.committee,
        meeting_date=date(2008, 2, 1),
        resolution_quality="kenntnisnahme",
        status=ReportStatus.DRAFT,
    )
    internal, _ = issued_report(
        world.city,
        world.department,
        world.committee,
        world.programme,
        None,
        reference="VO/0002/08",
        public=False,
    )
    for report in (draft, internal):
        assert client.get(f"/oparl/v1/paper/{report.pk}").status_code == 404
        assert client.get(f"/oparl/v1/consultation/{report.pk}").status_code == 404
    papers = obj(client, f"/oparl/v1/body/{world.city.pk}/paper")["data"]
    assert [p["reference"] for p in papers] == ["VO/0985/07"]


def test_a_correction_relates_to_its_original(world, client):
    correction, _ = issued_report(
        world.city,
        world.department,
        world.committee,
        world.programme,
        world.committee_meeting,
        reference="VO/0985/07/1-A",
        corrects=world.report,
    )
    original = obj(client, f"/oparl/v1/paper/{world.report.pk}")
    assert original["relatedPaper"] == [
        original["id"].replace(f"/paper/{world.report.pk}", f"/paper/{correction.pk}")
    ]
    meeting = obj(client, f"/oparl/v1/meeting/{world.committee_meeting.pk}")
    assert [(i["order"], i["name"]) for i in meeting["agendaItem"]] == [
        (1, "VO/0985/07 Sachstandsbericht"),
        (2, "VO/0985/07/1-A Sachstandsbericht"),
    ]
    second = obj(client, f"/oparl/v1/agendaitem/report-{correction.pk}")
    assert second["order"] == 2 and second["meeting"] == meeting["id"]


def test_meetings_are_forum_sessions_and_committee_meetings(world, client):
    meetings = obj(client, f"/oparl/v1/body/{world.city.pk}/meeting")["data"]
    assert [m["name"] for m in meetings] == [
        "1. Sitzung des Forums",
        "2. Sitzung des Forums",
        "Sitzung des Migrationsausschusses",
    ]
    first = meetings[0]
    assert first["organization"] == [
        first["id"].replace(
            f"/meeting/{world.sessions[0].pk}", f"/organization/forum-{world.forum.pk}"
        )
    ]
    assert [i["name"] for i in first["agendaItem"]] == [
        "Begrüßung",
        "Priorisierung der Themenfelder",
    ]
    assert first["agendaItem"][1]["result"] == "beschlossen"
    assert first["agendaItem"][1]["resolutionText"] == "Buchhaltung zuerst."
    assert (
        first["location"]["description"] == "Rathaus Barmen, Johannes-Rau-Platz 1, 42275 Wuppertal"
    )
    assert first["meetingState"] == "durchgeführt"
    committee = meetings[2]
    assert committee["organization"][0].endswith(f"/organization/{world.committee.pk}")
    future = event(
        world.programme,
        EventKind.FORUM_SESSION,
        "5. Sitzung",
        timezone.now() + timezone.timedelta(days=30),
    )
    assert obj(client, f"/oparl/v1/meeting/{future.pk}")["meetingState"] == "terminiert"


def test_other_events_are_not_meetings(world, client):
    training = event(world.programme, EventKind.TRAINING, "Buchhaltung", at(2008, 3, 1))
    assert client.get(f"/oparl/v1/meeting/{training.pk}").status_code == 404


def test_organizations_of_the_body(world, client):
    organizations = obj(client, f"/oparl/v1/body/{world.city.pk}/organization")["data"]
    by_name = {o["name"]: o for o in organizations}
    assert set(by_name) == {
        "Geschäftsbereich Soziales",
        "Ressort 204 – Zuwanderung und Integration",
        "Migrationsausschuss",
        "Forum der Vereine",
        "Anadolu e.V.",
    }
    assert by_name["Migrationsausschuss"]["organizationType"] == "Gremium"
    assert (
        by_name["Ressort 204 – Zuwanderung und Integration"]["subOrganizationOf"]
        == by_name["Geschäftsbereich Soziales"]["id"]
    )
    forum = by_name["Forum der Vereine"]
    assert forum["memberCount"] == 2  # both member associations, named or not
    assert forum["classification"] == "Forum"
    assert "Centro Italiano e.V." not in by_name  # its delegate has no legal basis


def test_body_and_its_legislative_term(world, client):
    body = obj(client, f"/oparl/v1/body/{world.city.pk}")
    assert body["name"] == "Stadt Wuppertal"
    [term] = body["legislativeTerm"]
    assert (term["name"], term["startDate"], term["endDate"]) == (
        "Wahlperiode 2004–2009",
        "2004-10-01",
        "2009-10-20",
    )
    assert body["location"]["postalCode"] == "42275"
    terms = obj(client, to_path(body["legislativeTermList"]))["data"]
    assert terms[0]["body"] == body["id"]


def test_web_links_lead_to_html_pages(world, client):
    from vereinsforum.oparl.tests.walker import to_path

    paper = obj(client, f"/oparl/v1/paper/{world.report.pk}")
    system = obj(client, "/oparl/v1/system")
    for url in (paper["web"], system["web"]):
        response = client.get(to_path(url))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
