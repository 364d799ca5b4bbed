"""The wizard through its pages: upload → map → preview → apply, the errors a user sees
(each changes nothing), where the file waits, and who may do what."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Organisation
from vereinsforum.testing.factories import OrganisationFactory
from vereinsforum.transfer import storage
from vereinsforum.transfer.reading import MAX_BYTES
from vereinsforum.transfer.tests.helpers import ROWS, counts, csv_bytes, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("transfer:import_upload")
MAPPING = reverse("transfer:import_mapping")
PREVIEW = reverse("transfer:import_preview")
APPLY = reverse("transfer:import_apply")


def upload(client, content: bytes, name="vereine.csv"):
    return client.post(
        UPLOAD,
        {"file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def uploads(directory) -> list:
    return sorted(directory.glob("*.upload")) if directory.exists() else []


def test_the_wizard_from_upload_to_apply(client, coordinator, settings):
    client.force_login(coordinator)
    response = upload(client, csv_bytes(encoding="cp1252", rows=[ROWS[2]]))
    assert response.status_code == 302 and response.url == MAPPING
    [stored] = uploads(settings.TRANSFER_UPLOAD_DIR)
    assert stored.stat().st_mode & 0o077 == 0  # private to the server's user
    page = client.get(MAPPING)
    body = text(page)
    assert "Windows-1252" in body
    # The guess is preselected: "Verein" → the organisation's name.
    assert re.search(r'id="column-0" name="column-0"[^>]*>.*?<option value="name" selected>', body)
    mapping = {
        f"column-{i}": key
        for i, key in enumerate(
            [
                "name",
                "register_number",
                "street",
                "postcode",
                "first_name",
                "last_name",
                "role",
                "person_email",
            ]
        )
    }
    assert client.post(MAPPING, mapping).url == PREVIEW
    before = counts()
    preview = client.get(PREVIEW)
    assert preview.status_code == 200
    assert "Centro Español" in text(preview)
    assert 'id="apply-import"' in text(preview)
    assert counts() == before  # the preview is a dry run
    response = client.post(APPLY)
    assert response.status_code == 302 and response.url == reverse("transfer:index")
    assert Organisation.objects.filter(name="Centro Español", register_number="VR 77").exists()
    assert AuditEntry.objects.filter(action="import.apply", actor=coordinator).count() == 1
    # Applied: the file and the session's entry are gone.
    assert uploads(settings.TRANSFER_UPLOAD_DIR) == []
    assert client.get(PREVIEW).url == UPLOAD


def test_reimport_shows_zero_created_and_the_earlier_import(client, coordinator):
    client.force_login(coordinator)
    for _round in range(2):
        upload(client, xlsx_bytes(), name="vereine.xlsx")
        preview = text(client.get(PREVIEW, HTTP_ACCEPT_LANGUAGE="en"))
        client.post(APPLY)
    assert "Organisations: 0 created, 0 updated, 2 unchanged, 0 skipped." in preview
    assert "Contacts: 0 created, 0 updated; roles added: 0" in preview
    assert "This file was imported before" in preview


@pytest.mark.parametrize(
    "content,message",
    [
        (bytes(range(256)) * 40, "binary data"),
        (b"Name;Ort\nA;B\nC;D;E\n", "Row 3 has more cells"),
        (b"", "The submitted file is empty"),
        (b"PK\x03\x04garbage", "cannot be opened"),
    ],
)
def test_unreadable_files_are_refused_and_change_nothing(
    client, coordinator, settings, content, message
):
    client.force_login(coordinator)
    before, rows = counts(), snapshot()
    response = upload(client, content)
    assert response.status_code == 200
    assert message in text(response)
    assert uploads(settings.TRANSFER_UPLOAD_DIR) == []
    assert counts() == before and snapshot() == rows


def test_a_file_over_the_size_limit_is_refused(client, coordinator, settings):
    client.force_login(coordinator)
    before = counts()
    big = csv_bytes() + b"x;" * (MAX_BYTES // 2)
    response = upload(client, big)
    assert "larger than 2,0" in text(response) or "larger than 2.0" in text(response)
    assert uploads(settings.TRANSFER_UPLOAD_DIR) == []
    assert counts() == before


def test_a_failing_row_applies_nothing_and_shows_row_and_column(client, coordinator):
    client.force_login(coordinator)
    rows = [*ROWS, ["Neuer Verein", "", "", "", "Lea", "Klein", "Vorsitz", "kaputt"]]
    upload(client, csv_bytes(rows=rows))
    before, saved = counts(), snapshot()
    preview = text(client.get(PREVIEW, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Row 5, column “E-Mail”" in preview
    assert 'id="apply-import"' not in preview  # nothing to apply while a row fails
    response = client.post(APPLY, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Row 5, column “E-Mail”" in text(response)
    assert counts() == before and snapshot() == saved


def test_duplicate_choices_go_through_the_preview(client, coordinator):
    saved = OrganisationFactory(name="Anadolu Kulturverein", postcode="42105", register_number="")
    client.force_login(coordinator)
    upload(client, csv_bytes(rows=ROWS[:2]))
    preview = text(client.get(PREVIEW, HTTP_ACCEPT_LANGUAGE="en"))
    assert 'name="decision:r:VR1234"' in preview
    assert "saved as “Anadolu Kulturverein”" in preview
    client.post(PREVIEW, {"decision:r:VR1234": "skip"})
    preview = text(client.get(PREVIEW, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<option value="skip" selected>' in preview
    before, rows = counts(), snapshot()
    client.post(APPLY, {"decision:r:VR1234": "skip"})
    assert snapshot() == rows
    assert counts()["organisations"] == before["organisations"]
    saved.refresh_from_db()
    assert saved.postcode == "42105" and saved.affiliations.count() == 0


def test_a_wrong_mapping_is_explained(client, coordinator):
    client.force_login(coordinator)
    upload(client, csv_bytes())
    response = client.post(
        MAPPING, {"column-0": "", "column-1": "register_number"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "the column that holds the organisation" in text(response)


def test_an_abandoned_upload_expires(client, coordinator, settings, monkeypatch):
    client.force_login(coordinator)
    upload(client, csv_bytes())
    [stored] = uploads(settings.TRANSFER_UPLOAD_DIR)
    session = client.session
    info = session[storage.SESSION_KEY]
    info["uploaded"] -= storage.MAX_AGE + 1
    session[storage.SESSION_KEY] = info
    session.save()
    assert client.get(PREVIEW).url == UPLOAD
    assert not stored.exists()


def test_stale_files_of_other_sessions_are_purged(settings):
    import os
    import time

    directory = settings.TRANSFER_UPLOAD_DIR
    directory.mkdir(parents=True)
    old = directory / ("a" * 32 + ".upload")
    fresh = directory / ("b" * 32 + ".upload")
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(old, (time.time() - storage.MAX_AGE - 5,) * 2)
    assert storage.purge_stale() == 1
    assert not old.exists() and fresh.exists()


def test_team_members_preview_but_do_not_apply(client, team_member):
    client.force_login(team_member)
    upload(client, csv_bytes())
    preview = client.get(PREVIEW)
    assert preview.status_code == 200
    assert 'id="apply-import"' not in text(preview)
    before = counts()
    assert client.post(APPLY).status_code == 403
    assert counts() == before


@pytest.mark.parametrize("who", ["representative", "outsider", "interviewer", "service_provider"])
def test_outsiders_are_refused_everywhere(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    before = counts()
    for url in (reverse("transfer:index"), UPLOAD, MAPPING, PREVIEW):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(UPLOAD, {"file": SimpleUploadedFile("a.csv", csv_bytes())}).status_code == 403
    )
    assert client.post(APPLY).status_code == 403
    for slug in ("organisationen", "kontakte"):
        response = client.get(reverse("transfer:export", kwargs={"what": slug, "fmt": "csv"}))
        assert response.status_code == 403
    assert counts() == before


def test_the_public_is_sent_to_the_login(client):
    for url in (reverse("transfer:index"), UPLOAD, PREVIEW):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response.url


def test_one_session_never_reaches_anothers_upload(client, coordinator, team_member):
    from django.test import Client

    client.force_login(coordinator)
    upload(client, csv_bytes())
    other = Client()
    other.force_login(team_member)
    assert other.get(PREVIEW).url == UPLOAD


del io
