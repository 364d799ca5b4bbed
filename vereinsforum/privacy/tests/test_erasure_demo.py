"""Erasure of a demo person reaches every model: afterwards their name and e-mail address
are nowhere in a full dump of the database, nor in the exports (lib/tabular: needs, tandems
and, where installed, the transfer app's exports), nor in the Art. 15 export; and the funnel
and attendance figures are what they were. The control: before the erasure every needle is
found in the dump and the contacts export.

Mirrors organisations/tests/test_erasure_dump.py with the whole demo instead of one journey:
a name typed into minutes, an interview's free text or a review comment must go too.
"""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.urls import reverse

from vereinsforum.accounts.models import Role, User
from vereinsforum.events.models import Registration
from vereinsforum.events.summary import events_summary
from vereinsforum.forum.models import ForumSession
from vereinsforum.lib.tabular import CsvExporter
from vereinsforum.needs.models import FieldAnswer, Wave
from vereinsforum.organisations.models import Person
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.organisations.tests.test_erasure_dump import _pg_dump, _sqlite_dump
from vereinsforum.privacy.subject import as_json, subject_data
from vereinsforum.programmes.models import Programme

pytestmark = pytest.mark.django_db(transaction=True)


def _figures(programme) -> dict:
    per_event = {}
    for event_id in Registration.objects.values_list("event_id", flat=True).distinct():
        rows = Registration.objects.filter(event_id=event_id)
        per_event[event_id] = (
            Counter(rows.values_list("status", flat=True)),
            rows.filter(checked_in_at__isnull=False).count(),
            rows.values("person").distinct().count(),
        )
    return {
        "funnel": programme.funnel(),
        "summary": repr(events_summary(programme)),
        "per_event": per_event,
    }


def _exports(client) -> str:
    """Every tabular export a coordinator can download, as CSV text."""
    texts = []
    for wave in Wave.objects.all():
        for what in ("antworten", "kennzahlen"):
            response = client.get(reverse("needs:export", args=[wave.pk, what, "csv"]))
            if response.status_code == 200:
                texts.append(response.content.decode("utf-8-sig"))
    if apps.is_installed("vereinsforum.tandems"):
        from vereinsforum.tandems.exports import tandems_table

        for wave in Wave.objects.all():
            _name, _type, content = CsvExporter().render(tandems_table(wave))
            texts.append(content.decode("utf-8-sig"))
    if apps.is_installed("vereinsforum.transfer"):
        from vereinsforum.transfer.exports import available_exports

        coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        for entry in available_exports():
            _name, _type, content = CsvExporter().render(entry.build(coordinator))
            texts.append(content.decode("utf-8-sig"))
    return "\n".join(texts)


def _found(needles, text: str) -> list[str]:
    return [n for n in needles if n.casefold() in text.casefold()]


def test_erasing_a_demo_person_leaves_nothing_and_changes_no_figure(client):
    call_command("load_demo", stdout=OutputWrapper(StringIO()))
    programme = Programme.objects.get(slug="mehr-ps")
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    # A contact who registered for events and has an e-mail address, not a staff member.
    person = (
        Person.objects.active()
        .exclude(email="")
        .filter(event_registrations__isnull=False, affiliations__isnull=False)
        .exclude(account__role__in=[Role.COORDINATOR, Role.TEAM_MEMBER, Role.INTERVIEWER])
        .order_by("pk")
        .first()
    )
    assert person is not None
    name = f"{person.first_name} {person.last_name}"
    needles = (name, person.email)
    # Where people write names by hand: minutes and an interview's free text.
    session = ForumSession.objects.order_by("pk").first()
    if session is not None:
        ForumSession.objects.filter(pk=session.pk).update(
            minutes=f"{session.minutes}\nTOP 3: {name} berichtet."
        )
    answer = FieldAnswer.objects.order_by("pk").first()
    FieldAnswer.objects.filter(pk=answer.pk).update(comment=f"Kontakt: {name}")

    dump = _sqlite_dump if connection.vendor == "sqlite" else _pg_dump
    client.force_login(coordinator)
    before = _figures(programme)
    assert _found(needles, dump()) == list(needles)
    exports_before = _exports(client)
    assert name in exports_before or not apps.is_installed("vereinsforum.transfer")

    person_pseudonymise(actor=coordinator, person=person)

    assert _found(needles, dump()) == []
    assert _found(needles, _exports(client)) == []
    person.refresh_from_db()
    assert _found(needles, as_json(person, subject_data(person))) == []
    assert _figures(programme) == before
