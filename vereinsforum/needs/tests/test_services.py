"""Instrument versions, waves and the capture workflow, with their permission boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.needs import services
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral, WaveSettings
from vereinsforum.needs.models import (
    FieldAnswer,
    InstrumentField,
    InstrumentItem,
    InstrumentVersion,
    Interview,
    Mode,
    Status,
)
from vereinsforum.testing import factories


def test_first_version_has_all_fields_and_labelled_scales(programme, coordinator):
    draft = services.instrument_version_create(actor=coordinator, programme=programme)
    assert draft.number == 1 and not draft.is_published
    assert [f.key for f in draft.ordered_fields()] == list(
        programme.fields.order_by("position").values_list("key", flat=True)
    )
    items = draft.items_by_key()
    assert len(items["competence"].anchors) == 5 and len(items["need"].anchors) == 5
    assert items["need"].anchor_labels("en")[4] == "very high need"
    assert {"members", "volunteers", "premises", "languages", "website", "flyer"} <= set(items)


def test_published_version_refuses_changes_in_the_services(version, coordinator):
    item = version.items.get(key="need")
    with pytest.raises(ValidationError):
        services.instrument_item_update(actor=coordinator, item=item, text="Neu")
    with pytest.raises(ValidationError):
        services.instrument_fields_set(
            actor=coordinator, version=version, fields=list(version.fields.all())[:2]
        )
    with pytest.raises(ValidationError):
        services.instrument_version_publish(actor=coordinator, version=version)
    item.refresh_from_db()
    assert item.text.startswith("Wie groß")


def test_published_version_refuses_changes_in_the_database(version):
    item = version.items.get(key="need")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentItem.objects.filter(pk=item.pk).update(text="heimlich geändert")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.filter(pk=version.pk).update(note="heimlich")
    new_field = version.programme.fields.create(key="neu", position=99, name="Neu")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentField.objects.create(version=version, field=new_field, position=99)
    item.refresh_from_db()
    assert item.text.startswith("Wie groß")


def test_a_change_creates_a_new_version_and_leaves_the_old_one(version, coordinator):
    draft = services.instrument_version_create(
        actor=coordinator, programme=version.programme, note="Frage präzisiert"
    )
    assert draft.number == 2
    item = draft.items.get(key="need")
    services.instrument_item_update(
        actor=coordinator, item=item, text="Wie dringend?", anchors=["a", "b", "c", "d", "e"]
    )
    assert draft.items.get(key="need").text == "Wie dringend?"
    assert version.items.get(key="need").text.startswith("Wie groß")
    with pytest.raises(ValidationError):
        services.instrument_version_create(actor=coordinator, programme=version.programme)


def test_a_scale_needs_five_labels(programme, coordinator):
    draft = services.instrument_version_create(actor=coordinator, programme=programme)
    with pytest.raises(ValidationError):
        services.instrument_item_update(
            actor=coordinator, item=draft.items.get(key="need"), text="x", anchors=["a", "b", ""]
        )


def test_only_coordinators_edit_the_instrument(programme, team_member, outsider):
    for user in (team_member, outsider):
        with pytest.raises(PermissionDenied):
            services.instrument_version_create(actor=user, programme=programme)


def test_a_wave_needs_a_published_version(programme, coordinator):
    draft = services.instrument_version_create(actor=coordinator, programme=programme)
    with pytest.raises(ValidationError):
        services.wave_create(
            actor=coordinator,
            programme=programme,
            title="W",
            period_start=date(2007, 6, 1),
            period_end=date(2007, 8, 31),
            instrument=draft,
        )


def test_interviewer_captures_submits_and_coordinator_validates(
    wave, association, interviewer, coordinator
):
    interview = services.interview_start(
        actor=interviewer,
        wave=wave,
        organisation=association,
        mode=Mode.INTERVIEW,
        conducted_on=date(2007, 6, 12),
    )
    assert interview.answers.count() == 7 and interview.status == Status.DRAFT
    fields = list(wave.instrument.ordered_fields())
    with pytest.raises(ValidationError):  # competence and need still missing
        services.interview_submit(actor=interviewer, interview=interview)
    answers = {f.pk: AnswerValues(competence=2, need=4, willing=False) for f in fields}
    answers[fields[1].pk] = AnswerValues(competence=5, need=1, willing=True, capacity=3)
    errors = services.interview_save(
        actor=interviewer,
        interview=interview,
        general=InterviewGeneral(members=140, has_flyer=False),
        answers=answers,
    )
    assert errors == {}
    services.interview_submit(actor=interviewer, interview=interview)
    with pytest.raises(ValidationError):  # a submitted interview is no longer a draft
        services.interview_save(
            actor=interviewer, interview=interview, general=InterviewGeneral(members=1)
        )
    with pytest.raises(PermissionDenied):
        services.interview_validate(actor=interviewer, interview=interview)
    services.interview_validate(actor=coordinator, interview=interview)
    interview.refresh_from_db()
    assert interview.status == Status.VALIDATED and interview.validated_by == coordinator
    assert interview.members == 140
    assert FieldAnswer.objects.get(interview=interview, field=fields[1]).capacity == 3
    actions = set(
        AuditEntry.objects.filter(target_id=str(interview.pk)).values_list("action", flat=True)
    )
    assert {
        "interview.start",
        "interview.save",
        "interview.submit",
        "interview.validate",
    } <= actions


def test_autosave_keeps_valid_values_and_reports_the_rest(wave, association, interviewer):
    interview = services.interview_start(
        actor=interviewer, wave=wave, organisation=association, mode=Mode.INTERVIEW
    )
    f = wave.instrument.ordered_fields()[0]
    errors = services.interview_save(
        actor=interviewer,
        interview=interview,
        answers={
            f.pk: AnswerValues(competence=9, need=3, capacity=2, willing=False, comment="notiert")
        },
    )
    assert set(errors) == {f"f{f.pk}-competence", f"f{f.pk}-capacity"}
    answer = FieldAnswer.objects.get(interview=interview, field=f)
    assert (answer.competence, answer.need, answer.capacity, answer.comment) == (
        None,
        3,
        None,
        "notiert",
    )


def test_outsiders_cannot_capture(
    wave, association, other_association, interviewer, outsider, team_member, representative
):
    with pytest.raises(PermissionDenied):  # the interviewer is not assigned to it
        services.interview_start(
            actor=interviewer, wave=wave, organisation=other_association, mode=Mode.INTERVIEW
        )
    with pytest.raises(PermissionDenied):  # another association's representative
        services.interview_start(
            actor=outsider, wave=wave, organisation=association, mode=Mode.SELF_ASSESSMENT
        )
    with pytest.raises(PermissionDenied):
        services.interview_start(
            actor=team_member, wave=wave, organisation=association, mode=Mode.INTERVIEW
        )
    with pytest.raises(PermissionDenied):  # a representative does not conduct interviews
        services.interview_start(
            actor=representative, wave=wave, organisation=association, mode=Mode.INTERVIEW
        )
    interview = services.interview_start(
        actor=representative, wave=wave, organisation=association, mode=Mode.SELF_ASSESSMENT
    )
    assert interview.interviewer is None
    with pytest.raises(PermissionDenied):
        services.interview_save(
            actor=outsider, interview=interview, general=InterviewGeneral(members=1)
        )
    with pytest.raises(ValidationError):  # one answer set per association and wave
        services.interview_start(
            actor=representative, wave=wave, organisation=association, mode=Mode.SELF_ASSESSMENT
        )


def test_coordinator_returns_a_submitted_interview_for_correction(wave, coordinator):
    from vereinsforum.needs.tests.conftest import fill

    (interview,) = fill(wave, [[3] * 7], status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.interview_return(actor=coordinator, interview=interview, reason=" ")
    services.interview_return(actor=coordinator, interview=interview, reason="Datum fehlt")
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT and interview.submitted_at is None
    assert interview.return_reason == "Datum fehlt"


def test_the_interviewer_reads_what_needs_correcting_until_submitting_again(
    client, wave, coordinator, association
):
    from vereinsforum.needs.tests.conftest import fill

    (interview,) = fill(wave, [[3] * 7], organisations=[association], status=Status.SUBMITTED)
    services.interview_return(
        actor=coordinator, interview=interview, reason="Mitgliederzahl fehlt noch"
    )
    interview.refresh_from_db()
    client.force_login(interview.interviewer)
    from vereinsforum.programmes.models import InterviewerAssignment

    InterviewerAssignment.objects.create(
        programme=wave.programme, interviewer=interview.interviewer, organisation=association
    )
    page = client.get(reverse("needs:interview", args=[interview.pk])).content.decode()
    assert "Mitgliederzahl fehlt noch" in page
    services.interview_submit(actor=interview.interviewer, interview=interview)
    interview.refresh_from_db()
    assert interview.return_reason == ""


def test_database_refuses_inconsistent_interviews(wave, association):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(wave=wave, organisation=association, mode=Mode.INTERVIEW)
    interviewer = factories.UserFactory(role="interviewer")
    interview = Interview.objects.create(
        wave=wave, organisation=association, mode=Mode.INTERVIEW, interviewer=interviewer
    )
    field = wave.instrument.fields.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        FieldAnswer.objects.create(interview=interview, field=field, need=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        FieldAnswer.objects.create(interview=interview, field=field, capacity=2, willing=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(status=Status.VALIDATED)


def test_wave_settings_override_the_number_of_clusters(wave, coordinator, team_member):
    services.wave_settings_update(actor=coordinator, wave=wave, settings=WaveSettings(cluster_k=3))
    wave.refresh_from_db()
    assert wave.cluster_k == 3
    with pytest.raises(ValidationError):
        services.wave_settings_update(
            actor=coordinator, wave=wave, settings=WaveSettings(cluster_k=9)
        )
    with pytest.raises(PermissionDenied):
        services.wave_settings_update(
            actor=team_member, wave=wave, settings=WaveSettings(cluster_k=2)
        )
