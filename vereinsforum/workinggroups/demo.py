"""Demo: the working group on the bookkeeping guide.

The status report of 12.11.2007 says the 1st forum session (10.10.2007) formed a working
group besides the basic training, which "describes the essential information in a guide and
makes it available to all MSOs". Here it is: six enrolled associations send their
treasurers, Anadolu's treasurer leads; it meets at the events the events step made
(1st meeting 7.11.2007, the revision in the continuation) and at three more in 2008, works
through the guide's chapters as tasks, and keeps the agenda of its first meeting. One
association leaves in summer 2008, another joins at the 2nd forum session.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.models import Event, EventKind
from vereinsforum.measures.models import Measure
from vereinsforum.organisations.models import AffiliationRole
from vereinsforum.workinggroups.models import TaskStatus, WorkingGroup
from vereinsforum.workinggroups.services import (
    document_upload,
    meeting_create,
    meeting_link,
    membership_add,
    membership_end,
    task_create,
    task_status_change,
    working_group_create,
)

NAME = "Arbeitsgruppe Leitfaden Vereinsbuchhaltung"
#: The measure measures/demo.py creates for the forum's resolution.
MEASURE_TITLE = "Arbeitsgruppe Vereinsbuchhaltung"
FORMED_ON = date(2007, 10, 10)
MANDATE = (
    "Erarbeitung eines Leitfadens Vereinsbuchhaltung für alle Vereine: die wesentlichen "
    "Informationen zu Kassenbuch und Belegen, Gemeinnützigkeit und Zuwendungsbestätigungen "
    "sowie zur Kassenprüfung, verständlich beschrieben und allen Migrantenselbstorganisationen "
    "zur Verfügung gestellt (Beschluss der 1. Forumssitzung am 10.10.2007)."
)
#: Indexes into ctx.associations (enrolled ones): the events step invites the same six.
MEMBERS = (0, 1, 3, 6, 9, 12)
JOINS_LATER = 15  # at the 2nd forum session
LEAVES = 12  # after the guide is out
MEETINGS_2008 = (
    ("Arbeitsgruppe Leitfaden Buchhaltung – 2. Treffen", (2008, 1, 16)),
    ("Arbeitsgruppe Leitfaden Buchhaltung – 3. Treffen", (2008, 4, 9)),
    ("Arbeitsgruppe Leitfaden Buchhaltung – Abstimmung des Leitfadens", (2008, 8, 27)),
)


def _at(year: int, month: int, day: int, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def _treasurer(org):
    return org.affiliations.get(role=AffiliationRole.TREASURER).person


def agenda_docx() -> bytes:
    """The agenda of the first meeting, as the group sent it round."""
    document = docx.Document()
    document.core_properties.title = "Tagesordnung 1. Treffen"
    document.core_properties.language = "de-DE"
    document.add_heading("Arbeitsgruppe Leitfaden Vereinsbuchhaltung", level=1)
    document.add_paragraph("1. Treffen am 7. November 2007, 18:00 bis 20:00 Uhr")
    document.add_heading("Tagesordnung", level=2)
    for item in (
        "Begrüßung und Vorstellung der Mitglieder",
        "Auftrag aus der 1. Forumssitzung: ein Leitfaden für alle Vereine",
        "Gliederung des Leitfadens: Kassenbuch und Belege, Gemeinnützigkeit, Kassenprüfung",
        "Verteilung der Kapitel",
        "Zeitplan und nächste Treffen",
    ):
        document.add_paragraph(item, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load(ctx: DemoContext) -> None:
    programme = ctx.programme
    if WorkingGroup.objects.filter(programme=programme, name=NAME).exists():
        ctx.say("Working groups already loaded – kept as they are.")
        return
    measure = Measure.objects.filter(programme=programme, title=MEASURE_TITLE).first()
    if measure is None:
        raise CommandError(
            f"The measure “{MEASURE_TITLE}” is missing: vereinsforum.measures.demo must run "
            "before vereinsforum.workinggroups.demo."
        )
    actor, associations = ctx.actor, ctx.associations
    lead = _treasurer(associations[0])
    group = working_group_create(
        actor=actor,
        programme=programme,
        name=NAME,
        mandate=MANDATE,
        lead=lead,
        fields=programme.fields.filter(key="bookkeeping"),
        formed_on=FORMED_ON,
        measure=measure,
    )
    treasurers = {i: _treasurer(associations[i]) for i in (*MEMBERS, JOINS_LATER)}
    memberships = {
        i: membership_add(
            actor=actor,
            group=group,
            person=treasurers[i],
            organisation=associations[i],
            joined_on=FORMED_ON,
        )
        for i in MEMBERS
    }
    membership_add(
        actor=actor,
        group=group,
        person=treasurers[JOINS_LATER],
        organisation=associations[JOINS_LATER],
        joined_on=date(2008, 2, 13),
    )

    # Meetings: those the events step made, and the 2008 ones, entered afterwards.
    made = Event.objects.filter(
        programme=programme,
        kind=EventKind.WORKING_GROUP,
        title__startswith="Arbeitsgruppe Leitfaden Buchhaltung",
    ).order_by("start")
    for event in made:
        meeting_link(actor=actor, group=group, event=event)
    venue = made[0].location if made else None
    for title, (year, month, day) in MEETINGS_2008:
        meeting_create(
            actor=actor,
            group=group,
            title=title,
            start=_at(year, month, day),
            end=_at(year, month, day, 20),
            location=venue,
            description="Stand der Kapitel, Rückmeldungen, nächste Schritte.",
        )
    membership_end(actor=actor, membership=memberships[LEAVES], left_on=date(2008, 9, 17))

    # The guide's chapters as tasks; the revision's tasks are dated from today.
    today = timezone.localdate()
    tasks = (
        ("Gliederung des Leitfadens abstimmen", 0, date(2007, 11, 30), date(2007, 11, 7)),
        ("Kapitel „Kassenbuch und Belege“ schreiben", 1, date(2008, 1, 15), date(2008, 1, 16)),
        (
            "Musterformulare: Kassenbuch, Quittung, Spendenliste",
            9,
            date(2008, 3, 31),
            date(2008, 4, 9),
        ),
        (
            "Kapitel „Gemeinnützigkeit und Zuwendungsbestätigungen“ schreiben",
            3,
            date(2008, 4, 30),
            date(2008, 5, 21),
        ),
        ("Kapitel „Kassenprüfung“ schreiben", 6, date(2008, 6, 30), date(2008, 8, 27)),
        ("Leitfaden in der 4. Forumssitzung vorstellen", 0, date(2008, 9, 17), date(2008, 9, 17)),
        ("Rückmeldungen der Vereine zum Leitfaden sammeln", 1, today + timedelta(days=7), None),
        (
            "Neues Kapitel zu Zuwendungsbestätigungen überarbeiten",
            JOINS_LATER,
            today + timedelta(days=30),
            None,
        ),
        (
            "Übersetzung des Leitfadens ins Türkische und Russische",
            0,
            today - timedelta(days=3),
            None,
        ),
    )
    for index, (title, owner, due_on, done_on) in enumerate(tasks):
        task = task_create(
            actor=actor, group=group, title=title, owner=treasurers[owner], due_on=due_on
        )
        if done_on is not None:
            task_status_change(actor=actor, task=task, status=TaskStatus.DONE, on=done_on)
        elif index % 2 == 0:
            task_status_change(actor=actor, task=task, status=TaskStatus.IN_PROGRESS)

    document_upload(
        actor=actor,
        group=group,
        title="Tagesordnung 1. Treffen (7.11.2007)",
        upload=SimpleUploadedFile("Tagesordnung-AG-Buchhaltung-2007-11-07.docx", agenda_docx()),
    )
    ctx.say(
        f"Working groups: “{NAME}”, {group.current_memberships().count()} members, "
        f"{group.meetings.count()} meetings, {group.tasks.count()} tasks, 1 document."
    )
