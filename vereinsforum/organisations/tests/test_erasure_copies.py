"""Each copy of a person's data that erasure must reach, one by one (the dump test in
test_erasure_dump.py checks them all together)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from vereinsforum.accounts.models import Role
from vereinsforum.audit.services import REDACTED
from vereinsforum.forum.models import PollMethod, TieDraw
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.oparl.models import Basis, PublicationBasis
from vereinsforum.oparl.services import publication_basis_grant
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.testing import factories
from vereinsforum.web.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(association):
    person = factories.PersonFactory(
        first_name="Gülşen", last_name="Müller", email="guelsen.mueller@example.org"
    )
    factories.AffiliationFactory(person=person, organisation=association, role="chair")
    return person


def _log(obj, repr_, message, user):
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=repr_,
        action_flag=CHANGE,
        # What the admin writes: json.dumps, so "Müller" is stored as "M\u00fcller".
        change_message=json.dumps(message),
    )


def test_the_admins_history_keeps_what_changed_but_not_the_name(person, association, coordinator):
    about_person = _log(person, str(person), [{"changed": {"fields": ["Last name"]}}], coordinator)
    affiliation = person.affiliations.get()
    inline = _log(
        association,
        str(association),
        [{"added": {"name": "affiliation", "object": str(affiliation)}}],
        coordinator,
    )
    unrelated = _log(
        association, str(association), [{"changed": {"fields": ["Name"]}}], coordinator
    )
    assert "M\\u00fcller" in inline.change_message

    person_pseudonymise(actor=coordinator, person=person)

    about_person.refresh_from_db()
    inline.refresh_from_db()
    unrelated.refresh_from_db()
    assert about_person.object_repr == f"Person #{person.pk}"
    assert json.loads(about_person.change_message) == [{"changed": {"fields": ["Last name"]}}]
    assert json.loads(inline.change_message) == [
        {"added": {"name": "affiliation", "object": REDACTED}}
    ]
    assert inline.object_repr == f"Organisation #{association.pk}"
    assert unrelated.object_repr == "Anadolu e.V."  # nothing of theirs: left as it was


def test_the_publication_basis_loses_title_and_note_and_stays_deleted(person, coordinator):
    city = factories.OrganisationFactory(kind="other", name="Stadt Wuppertal")
    basis = publication_basis_grant(
        actor=coordinator,
        person=person,
        body=city,
        basis=Basis.CONSENT,
        consent_on=date(2007, 5, 14),
        title="Dr.",
        note="Frau Müller stimmte am Telefon zu.",
    )

    person_pseudonymise(actor=coordinator, person=person)

    basis = PublicationBasis.objects.get(pk=basis.pk)
    assert (basis.title, basis.note) == ("", "")
    assert not basis.is_published


def test_feedback_loses_the_answer_address_and_the_name_but_keeps_the_barrier(person, coordinator):
    feedback = AccessibilityFeedback.objects.create(
        page_url="/veranstaltungen/",
        message="Kontrast zu schwach. Gülşen Müller",
        contact_email="Guelsen.Mueller@example.org",
    )
    other = AccessibilityFeedback.objects.create(message="Kein Alt-Text", contact_email="a@b.de")

    person_pseudonymise(actor=coordinator, person=person)

    feedback.refresh_from_db()
    other.refresh_from_db()
    assert feedback.contact_email == ""
    assert feedback.message == f"Kontrast zu schwach. {REDACTED}"
    assert other.contact_email == "a@b.de"


def test_a_drawing_of_lots_no_longer_names_who_drew(person, programme, coordinator):
    account = factories.UserFactory(username="g.mueller", role=Role.COORDINATOR, person=person)
    body = bodies.body_create(actor=TEST, programme=programme, name="Forum", quorum_percent=50)
    now = timezone.now()
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Abstimmung",
        method=PollMethod.SCHULZE,
        opens_at=now - timedelta(hours=3),
        closes_at=now - timedelta(hours=1),
        secret=False,
        changeable=False,
    )
    draw = TieDraw.objects.create(
        poll=poll,
        drawn_by=account,
        drawn_by_label=account.username,
        drawn_at=now,
        seed="0" * 32,
        before={},
        after={},
    )

    person_pseudonymise(actor=coordinator, person=person)

    draw.refresh_from_db()
    assert draw.drawn_by_label == f"erased-{account.pk}"


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes is not installed")
def test_login_records_forget_the_username(person, coordinator):
    access_log = apps.get_model("axes", "AccessLog")
    attempt = apps.get_model("axes", "AccessAttempt")
    account = factories.UserFactory(username="g.mueller", role=Role.COORDINATOR, person=person)
    common = {"user_agent": "x", "ip_address": "127.0.0.1", "http_accept": "", "path_info": "/"}
    access_log.objects.create(username="g.mueller", **common)
    attempt.objects.create(
        username="g.mueller",
        get_data="",
        post_data="username=g.mueller",
        failures_since_start=1,
        **common,
    )

    person_pseudonymise(actor=coordinator, person=person)

    assert list(access_log.objects.values_list("username", flat=True)) == [f"erased-{account.pk}"]
    assert not attempt.objects.exists()


def test_their_personal_calendar_feed_stops(person, coordinator, association):
    from vereinsforum.events.services.feeds import calendar_feed_create

    feed = calendar_feed_create(actor=coordinator, person=person)
    shared = calendar_feed_create(actor=coordinator, organisation=association)

    person_pseudonymise(actor=coordinator, person=person)

    feed.refresh_from_db()
    shared.refresh_from_db()
    assert feed.revoked_at is not None
    assert shared.revoked_at is None  # the association's feed is not theirs
