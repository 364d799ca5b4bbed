"""The council papers' pages: who may read and write them, and what the public sees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinsforum.reports.models import Report, ReportStatus
from vereinsforum.reports.services import report_create, report_delete, report_issue
from vereinsforum.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"


def _client(client, user):
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def issued_report(draft_report, coordinator):
    return report_issue(actor=coordinator, report=draft_report)


@pytest.mark.parametrize("role", ["representative", "interviewer", "service_provider"])
def test_users_outside_the_office_cannot_see_draft_or_issue(
    client, users_by_role, outsider, draft_report, role
):
    for user in (users_by_role[role], outsider):
        client.logout()
        _client(client, user)
        for name in ("list", "create"):
            assert client.get(reverse(f"reports:{name}")).status_code == 403
        for name in ("detail", "edit", "draft", "issue", "delete"):
            assert client.get(reverse(f"reports:{name}", args=[draft_report.pk])).status_code == 403
        assert (
            client.post(
                reverse("reports:draft", args=[draft_report.pk]), {"as_of": "2007-11-12"}
            ).status_code
            == 403
        )
        assert client.post(reverse("reports:issue", args=[draft_report.pk])).status_code == 403
    draft_report.refresh_from_db()
    assert draft_report.status == ReportStatus.DRAFT


def test_the_public_is_sent_to_the_login(client, draft_report):
    response = client.get(reverse("reports:detail", args=[draft_report.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(reverse("reports:issue", args=[draft_report.pk]))
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.status == ReportStatus.DRAFT


def test_team_members_read_but_do_not_write(client, team_member, draft_report):
    _client(client, team_member)
    response = client.get(reverse("reports:detail", args=[draft_report.pk]))
    assert response.status_code == 200
    assert "VO/0985/07" in response.text
    assert reverse("reports:edit", args=[draft_report.pk]) not in response.text
    assert client.get(reverse("reports:list")).status_code == 200
    assert client.get(reverse("reports:create")).status_code == 403
    assert (
        client.post(reverse("reports:edit", args=[draft_report.pk]), {"title": "x"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("reports:draft", args=[draft_report.pk]), {"as_of": "2007-11-12"}
        ).status_code
        == 403
    )
    assert client.post(reverse("reports:issue", args=[draft_report.pk])).status_code == 403
    draft_report.refresh_from_db()
    assert draft_report.status == ReportStatus.DRAFT and draft_report.title != "x"


def _form_data(report: Report, **changes) -> dict:
    data = {
        "paper_type": report.paper_type,
        "reference": report.reference,
        "title": report.title,
        "date": report.date.isoformat(),
        "division": report.division,
        "department": report.department_id,
        "officer_name": report.officer_name,
        "officer_phone": report.officer_phone,
        "officer_fax": report.officer_fax,
        "officer_email": report.officer_email,
        "committee": report.committee_id,
        "meeting": "",
        "meeting_date": report.meeting_date.isoformat(),
        "resolution_quality": report.resolution_quality,
        "public": "on",
        "reason": report.reason,
        "proposal": report.proposal,
        "signatory": report.signatory,
        "explanation": report.explanation,
    }
    data.update(changes)
    return data


def test_create_suggests_the_next_free_number(client, coordinator, draft_report, department):
    _client(client, coordinator)
    response = client.get(reverse("reports:create"))
    year = date.today().year % 100
    assert f'value="VO/0001/{year:02d}"' in response.text
    response = client.get(
        reverse("reports:reference_suggestion"), {"date": "2007-12-01", "department": department.pk}
    )
    assert "VO/0986/07" in response.text
    # A taken number is refused with the suggestion, and nothing is lost.
    response = client.post(
        reverse("reports:create"), _form_data(draft_report, title="Zweiter Bericht")
    )
    assert response.status_code == 200
    assert "VO/0986/07" in response.text and "Zweiter Bericht" in response.text
    assert Report.objects.count() == 1
    response = client.post(
        reverse("reports:create"),
        _form_data(draft_report, reference="VO/0986/07", title="Zweiter Bericht"),
    )
    created = Report.objects.get(reference="VO/0986/07")
    assert response.status_code == 302 and created.title == "Zweiter Bericht"


def test_edit_of_an_issued_report_is_refused(client, coordinator, issued_report):
    _client(client, coordinator)
    response = client.post(
        reverse("reports:edit", args=[issued_report.pk]),
        _form_data(issued_report, title="Geändert"),
        follow=True,
    )
    assert "can no longer be changed" in response.text or "nicht mehr geändert" in response.text
    issued_report.refresh_from_db()
    assert issued_report.title == "Sachstand des Projektes"
    response = client.post(
        reverse("reports:attachment_add", args=[issued_report.pk]),
        {"title": "Nachtrag", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 400
    assert not issued_report.attachments.exists()


def test_issue_and_correct_through_the_views(client, coordinator, draft_report):
    _client(client, coordinator)
    response = client.post(reverse("reports:issue", args=[draft_report.pk]))
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.status == ReportStatus.ISSUED
    stored = draft_report.files.get(format="pdf")
    response = client.get(reverse("reports:file", args=[draft_report.pk, "pdf"]))
    assert response.content == bytes(stored.content)
    assert response["Content-Disposition"].startswith("attachment")
    response = client.post(reverse("reports:correct", args=[draft_report.pk]))
    correction = Report.objects.get(corrects=draft_report)
    assert response["Location"] == reverse("reports:detail", args=[correction.pk])
    assert correction.reference == "VO/0985/07/1-A"


def test_attachment_upload_rejects_bad_files_with_a_message(
    client, coordinator, draft_report, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _client(client, coordinator)
    url = reverse("reports:attachment_add", args=[draft_report.pk])
    response = client.post(url, {"title": "Liste", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400
    assert "Liste" in response.text  # the title typed is kept
    assert not draft_report.attachments.exists()
    response = client.post(url, {"title": "Liste", "file": SimpleUploadedFile("x.pdf", PDF)})
    assert response.status_code == 302
    attachment = draft_report.attachments.get()
    response = client.get(reverse("reports:attachment", args=[draft_report.pk, attachment.pk]))
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == PDF


def test_public_sees_only_issued_public_reports(
    client, coordinator, programme, report_fields, issued_report
):
    secret = report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(
            report_fields,
            reference="VO/0990/07",
            public=False,
            title="Nichtöffentlich",
        ),
    )
    report_issue(actor=coordinator, report=secret)
    draft = report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, reference="VO/0991/07", title="Entwurf X"),
    )
    gone = report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, reference="VO/0992/07", title="Gelöscht"),
    )
    report_issue(actor=coordinator, report=gone)
    report_delete(actor=coordinator, report=gone)

    response = client.get(reverse("reports:public"))
    assert response.status_code == 200
    assert "Sachstand des Projektes" in response.text
    for hidden in ("Nichtöffentlich", "Entwurf X", "Gelöscht"):
        assert hidden not in response.text
    stored = issued_report.files.get(format="pdf")
    response = client.get(reverse("reports:public_file", args=[issued_report.pk, "pdf"]))
    assert response.content == bytes(stored.content)
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(reverse("reports:public_file_download", args=[issued_report.pk, "pdf"]))
    assert response["Content-Disposition"].startswith("attachment")
    for report in (secret, draft, gone):
        assert (
            client.get(reverse("reports:public_file", args=[report.pk, "pdf"])).status_code == 404
        )
