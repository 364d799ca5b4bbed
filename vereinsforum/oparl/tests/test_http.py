"""The HTTP side: CORS on every response, JSON, read-only, file dispositions, timestamps."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vereinsforum.events.models import Event
from vereinsforum.oparl.tests.walker import to_path

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/oparl/v1/system", 200),
        ("/oparl/v1/bodies", 200),
        ("/oparl/v1/paper/424242", 404),
        ("/oparl/v1/nothing/here/at/all", 404),
        ("/oparl/v1/body/424242/paper", 404),
        ("/oparl/v1/body/{city}/nonsense", 404),
        ("/oparl/v1/bodies?created_since=soon", 400),
    ],
)
def test_every_answer_is_json_with_cors(world, client, path, status):
    response = client.get(path.format(city=world.city.pk))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    response.json()


def test_the_api_is_read_only(world, client):
    for method in (client.post, client.put, client.delete):
        response = method("/oparl/v1/system")
        assert response.status_code == 405
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Allow"]
    preflight = client.options("/oparl/v1/system")
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_access_url_serves_inline_and_download_url_as_attachment(world, client):
    paper = client.get(f"/oparl/v1/paper/{world.report.pk}").json()
    main = paper["mainFile"]
    assert main["mimeType"] == "application/pdf"
    access = client.get(to_path(main["accessUrl"]))
    assert access.status_code == 200
    assert access["Content-Type"] == "application/pdf"
    assert access.content == b"%PDF-1.7 test"
    assert "Content-Disposition" not in access.headers
    assert access.headers["Access-Control-Allow-Origin"] == "*"

    download = client.get(to_path(main["downloadUrl"]))
    assert download.status_code == 200
    assert download.content == b"%PDF-1.7 test"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="VO-0985-07.pdf"')
    [docx] = paper["auxiliaryFile"]
    assert docx["fileName"] == "VO-0985-07.docx" and docx["size"] == len(b"PK docx test")


def test_file_names_outside_ascii_are_offered_in_both_forms(world, client):
    pdf = world.files["pdf"]
    pdf.filename = "Vorlage Gruß.pdf"
    pdf.save()
    disposition = client.get(f"/oparl/v1/file/{pdf.pk}/download").headers["Content-Disposition"]
    assert disposition == (
        "attachment; filename=\"Vorlage Gru?.pdf\"; filename*=UTF-8''Vorlage%20Gru%C3%9F.pdf"
    )


def test_files_of_unpublished_reports_are_not_served(world, client):
    world.report.public = False
    world.report.save()
    pdf = world.files["pdf"]
    assert client.get(f"/oparl/v1/file/{pdf.pk}").status_code == 404
    assert client.get(f"/oparl/v1/file/{pdf.pk}/access").status_code == 404
    assert client.get(f"/oparl/v1/file/{pdf.pk}/download").status_code == 404


def test_timestamps_carry_no_microseconds(world, client):
    event = world.committee_meeting
    Event.objects.filter(pk=event.pk).update(
        created=datetime(2007, 11, 1, 8, 15, 30, 987654, tzinfo=BERLIN),
        modified=datetime(2099, 11, 2, 8, 15, 30, 987654, tzinfo=BERLIN),
    )
    meeting = client.get(f"/oparl/v1/meeting/{event.pk}").json()
    assert meeting["created"] == "2007-11-01T08:15:30+01:00"
    assert meeting["modified"] == "2099-11-02T08:15:30+01:00"
    assert meeting["start"] == "2007-11-21T16:00:00+01:00"


def test_system_points_to_the_bodies(world, client):
    system = client.get("/oparl/v1/system").json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["id"].startswith("http") and system["id"].endswith("/oparl/v1/system")
    bodies = client.get(to_path(system["body"])).json()
    assert [b["name"] for b in bodies["data"]] == ["Stadt Wuppertal"]


def test_ids_do_not_depend_on_the_host_asked(world, client, settings):
    settings.SITE_URL = "https://ratsinfo.example"
    settings.ALLOWED_HOSTS = ["*"]
    system = client.get("/oparl/v1/system", HTTP_HOST="other.example").json()
    assert system["id"] == "https://ratsinfo.example/oparl/v1/system"


def test_content_does_not_depend_on_the_clients_language(world, client):
    for path in (
        f"/oparl/v1/paper/{world.report.pk}",
        f"/oparl/v1/person/{world.officer_basis.pk}",
        f"/oparl/v1/meeting/{world.sessions[0].pk}",
        f"/oparl/v1/body/{world.city.pk}",
    ):
        german = client.get(path, HTTP_ACCEPT_LANGUAGE="de").content
        for language in ("en", "tr", "ru", "ar"):
            assert client.get(path, HTTP_ACCEPT_LANGUAGE=language).content == german, path
