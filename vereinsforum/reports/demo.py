"""Demo step: the Migrationsausschuss meeting of 2007-11-21 and the issued paper VO/0985/07.

The Begründung is drafted from the data as of the paper's date (2007-11-12), so the
figures in it are the ones the other demo steps created: 60 invited, 30 came, 25 enrolled;
the interviews June–August; the seven fields; the 1st forum session with its priorities and
working group; the PR training with its registrations; the January workshop; three more
forum sessions. Idempotent: a second run keeps the issued paper as it is.

Then the next paper, drafted as of 2008-06-30 and left a draft: what the measures decided
in October 2007 had done by then and whom they reached (reports/drafting/measures.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from vereinsforum.audit.services import audit_record
from vereinsforum.demo.context import DemoContext
from vereinsforum.events.models import Event, EventKind, Location
from vereinsforum.reports.models import PaperType, Report, ResolutionQuality
from vereinsforum.reports.services import (
    ReportFields,
    report_create,
    report_draft,
    report_issue,
)

REFERENCE = "VO/0985/07"
REPORT_DATE = date(2007, 11, 12)
MEETING_DATE = date(2007, 11, 21)


def _meeting(ctx: DemoContext) -> Event:
    existing = Event.objects.filter(
        programme=ctx.programme, kind=EventKind.COMMITTEE, start__date=MEETING_DATE
    ).first()
    if existing:
        return existing
    location, created = Location.objects.get_or_create(
        name="Rathaus Barmen",
        defaults={
            "street": "Johannes-Rau-Platz 1",
            "postcode": "42275",
            "city": "Wuppertal",
            "accessibility": "Stufenloser Zugang über den Seiteneingang, Aufzug, "
            "barrierefreies WC.",
        },
    )
    if created:
        audit_record(actor=ctx.actor, action="location.create", target=location)
    start = timezone.make_aware(datetime(2007, 11, 21, 16, 0))
    event = Event.objects.create(
        programme=ctx.programme,
        kind=EventKind.COMMITTEE,
        title="Sitzung des Migrationsausschusses",
        title_i18n={
            "en": "Meeting of the Migration Committee",
            "tr": "Göç Komitesi toplantısı",
            "ru": "Заседание комитета по миграции",
            "ar": "اجتماع لجنة الهجرة",
        },
        description="Öffentliche Sitzung des Migrationsausschusses des Rates der Stadt Wuppertal.",
        start=start,
        end=start + timedelta(hours=3),
        location=location,
        audience="public",
    )
    audit_record(actor=ctx.actor, action="event.create", target=event)
    return event


#: The next status report, drafted as of the end of June 2008 and not yet issued, so that
#: the office can read what the data says about the measures by then. Its number and
#: meeting are invented (the source has no second paper).
NEXT_REFERENCE = "VO/0711/08"
NEXT_AS_OF = date(2008, 6, 30)
NEXT_MEETING_DATE = date(2008, 7, 9)


def _next_status_report(ctx: DemoContext) -> None:
    if Report.objects.filter(body=ctx.city, reference=NEXT_REFERENCE).exists():
        return
    coordinator = ctx.users.get("coordinator") or ctx.actor
    report = report_create(
        actor=coordinator,
        programme=ctx.programme,
        fields=ReportFields(
            paper_type=PaperType.BERICHT,
            reference=NEXT_REFERENCE,
            title='Sachstand des Projektes "Mehr PS für Integrationsarbeit" – Maßnahmen',
            date=NEXT_AS_OF,
            division="Soziales, Jugend & Integration",
            department=ctx.department,
            committee=ctx.committee,
            meeting_date=NEXT_MEETING_DATE,
            resolution_quality=ResolutionQuality.ENTGEGENNAHME,
            public=True,
            reason="Sachstandsbericht",
            proposal="Entgegennahme ohne Beschluss",
        ),
    )
    report_draft(actor=coordinator, report=report, as_of=NEXT_AS_OF)
    ctx.say(f"Reports: {NEXT_REFERENCE} drafted as of {NEXT_AS_OF:%d.%m.%Y} (not issued).")


def load(ctx: DemoContext) -> None:
    meeting = _meeting(ctx)
    if Report.objects.filter(body=ctx.city, reference=REFERENCE).exists():
        ctx.say(f"Reports: {REFERENCE} already issued – kept as it is.")
        _next_status_report(ctx)
        return
    coordinator = ctx.users.get("coordinator") or ctx.actor
    report = report_create(
        actor=coordinator,
        programme=ctx.programme,
        fields=ReportFields(
            paper_type=PaperType.BERICHT,
            reference=REFERENCE,
            title='Sachstand des Projektes "Mehr PS für Integrationsarbeit"',
            date=REPORT_DATE,
            division="Soziales, Jugend & Integration",
            department=ctx.department,
            officer_name="Michael Visser",
            officer_phone="(0202) 563 2514",
            officer_fax="(0202) 563 8178",
            officer_email="michael.visser@stadt.wuppertal.de",
            committee=ctx.committee,
            meeting=meeting,
            meeting_date=MEETING_DATE,
            resolution_quality=ResolutionQuality.ENTGEGENNAHME,
            public=True,
            reason="Sachstandsbericht",
            proposal="Entgegennahme ohne Beschluss",
            signatory="Dr. Stefan Kühn",
        ),
    )
    report_draft(actor=coordinator, report=report, as_of=REPORT_DATE)
    report = report_issue(actor=coordinator, report=report)
    sizes = ", ".join(f"{f.format.upper()} {f.size // 1024} KB" for f in report.files.all())
    ctx.say(f"Reports: {REFERENCE} drafted from the data and issued ({sizes}).")
    _next_status_report(ctx)
