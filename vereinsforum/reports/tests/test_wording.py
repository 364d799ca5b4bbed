"""The Begründung in correct German on small data, and its statistics in plain words.

Each expected sentence is written out by hand from the data the test makes: the draft must
say exactly that, with the right singular or plural, no empty list and no stray
punctuation, and never show a coefficient ("Leiks D = …", "Kendalls W = …") in the text:
those stand in the annex ("Anlage: Kennzahlen") of the PDF and the DOCX.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta

import docx
import pypdf
import pytest
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import ItemResult, ResolutionKind
from vereinsforum.forum.services import bodies, sessions
from vereinsforum.needs import services as needs_services
from vereinsforum.needs.models import Interview
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.programmes.models import TeamMember, TeamRole
from vereinsforum.reports.drafting import sources
from vereinsforum.reports.drafting.explanation import draft_explanation
from vereinsforum.reports.exporters import DocxExporter, PdfExporter
from vereinsforum.reports.services import report_draft
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

AS_OF = date(2007, 11, 12)
SURVEY = "Die Befragung der Vereine für die Stärken/Schwächen-Analyse"
WITHHELD = (
    "wird die Auswertung noch nicht veröffentlicht: Sie erscheint erst ab 5 befragten "
    "Vereinen, damit keine Rückschlüsse auf einzelne Vereine möglich sind."
)
#: Five associations' need (1–5) in the fields, in the instrument's order: Projektarbeit,
#: Öffentlichkeitsarbeit, Arbeitsorganisation, Buchhaltung, PC-Kenntnisse, Räumlichkeiten,
#: Rhetorik. Buchhaltung: everyone high (4 or 5); Räumlichkeiten: from 1 to 5, the widest
#: spread (Leik's D 0,8); Rhetorik: all five say 2 (D 0); Arbeitsorganisation and Rhetorik:
#: nobody high.
NEEDS = [
    [3, 4, 3, 5, 4, 1, 2],
    [3, 4, 2, 5, 3, 1, 2],
    [4, 3, 3, 5, 3, 5, 2],
    [2, 3, 2, 4, 3, 5, 2],
    [3, 2, 3, 4, 3, 3, 2],
]

#: What no sentence of the text may contain: an empty list before its full stop, a space
#: before punctuation, a plural after 1, a coefficient.
BAD = [
    ":.",
    ": .",
    " .",
    ", .",
    ",.",
    "..",
    " ,",
    ":\n\n.",
    "1 Forumssitzungen",
    "1 Vereine ",
    "1 Interviews",
    "1 Anmeldungen",
    "1 Personen",
    "D =",
    "W =",
    "Leik",
    "Kendall",
]


def assert_clean(text: str) -> None:
    for bad in BAD:
        assert bad not in text, (bad, text)
    assert not re.search(r"(?<![\d.])1 [A-ZÄÖÜ]\w*(?:ungen|innen|e) ", text), text
    for paragraph in text.split("\n\n"):
        assert paragraph == paragraph.strip() and paragraph[-1] in ".:", paragraph


def _wave(programme, coordinator):
    draft = needs_services.instrument_version_create(actor=coordinator, programme=programme)
    version = needs_services.instrument_version_publish(actor=coordinator, version=draft)
    return needs_services.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung 2007",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=version,
    )


def _interviews(programme, coordinator, rows) -> None:
    wave = _wave(programme, coordinator)
    interviews = fill(wave, rows)
    moment = timezone.make_aware(datetime.combine(date(2007, 9, 3), time(12)))
    Interview.objects.filter(pk__in=[i.pk for i in interviews]).update(
        submitted_at=moment, validated_at=moment
    )


def _session(programme, day: date) -> Event:
    start = timezone.make_aware(datetime.combine(day, time(18)))
    return Event.objects.create(
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title="Sitzung des Forums",
        start=start,
        end=start + timedelta(hours=3),
    )


def _resolve(coordinator, body, event, title, kind, resolution):
    item = sessions.agenda_item_add(actor=coordinator, body=body, event=event, title=title)
    sessions.agenda_item_update(
        actor=coordinator,
        item=item,
        title=title,
        resolution=resolution,
        resolution_kind=kind,
        result=ItemResult.ADOPTED,
    )


def _draft(programme, as_of=AS_OF) -> list[str]:
    text = draft_explanation(programme, as_of=as_of).text
    assert_clean(text)
    return text.split("\n\n")


# ---- the needs analysis on 0, 1, 4 and 5 interviews -------------------------------------------


def test_no_interview_yet_says_there_is_no_evaluation(programme, coordinator):
    _wave(programme, coordinator)
    paragraphs = _draft(programme)
    assert (
        f"{SURVEY} war zwischen Juni und August 2007 vorgesehen; abgeschlossen wurde bisher "
        "kein Interview. Eine Auswertung liegt deshalb noch nicht vor."
    ) in paragraphs
    during = _draft(programme, as_of=date(2007, 7, 15))
    assert (
        f"{SURVEY} wird zwischen Juni und August 2007 durchgeführt; bisher ist noch kein "
        "Interview abgeschlossen. Eine Auswertung liegt deshalb noch nicht vor."
    ) in during
    assert not any("Feldern" in p for p in paragraphs + during)


def test_one_interview_is_too_few_and_the_draft_says_so(programme, coordinator):
    _interviews(programme, coordinator, NEEDS[:1])
    paragraphs = _draft(programme)
    assert (
        f"{SURVEY} wurde zwischen Juni und August 2007 durchgeführt: 1 Interview mit 1 Verein. "
        f"Da erst 1 Verein befragt worden ist, {WITHHELD}"
    ) in paragraphs
    assert not any("Unterstützungsbedarf" in p for p in paragraphs)


def test_four_interviews_are_too_few_and_the_draft_says_how_many(programme, coordinator):
    _interviews(programme, coordinator, NEEDS[:4])
    paragraphs = _draft(programme)
    assert (
        f"{SURVEY} wurde zwischen Juni und August 2007 durchgeführt: 4 Interviews mit 4 "
        f"Vereinen. Da erst 4 Vereine befragt worden sind, {WITHHELD}"
    ) in paragraphs
    assert not any("Anlage" in p for p in paragraphs)


def test_five_interviews_are_evaluated_in_plain_words(programme, coordinator):
    _interviews(programme, coordinator, NEEDS)
    paragraphs = _draft(programme)
    start = paragraphs.index(
        f"{SURVEY} wurde zwischen Juni und August 2007 durchgeführt: 5 Interviews mit 5 "
        "Vereinen. Die Auswertung der Interviews zeigt Veränderungs- und Unterstützungsbedarf "
        "in den Feldern:"
    )
    # Arbeitsorganisation and Rhetorik: nobody answered 4 or 5.
    assert paragraphs[start + 1] == (
        "Projektarbeit, Öffentlichkeitsarbeit, Buchhaltung, PC-Kenntnisse und Räumlichkeiten."
    )
    assert paragraphs[start + 2] == (
        "Hohen Bedarf in den Feldern Arbeitsorganisation und Rhetorik sieht keiner der "
        "befragten Vereine. "
        # 5/5, then 2/5 each; Öffentlichkeitsarbeit (mean 3,2) before Räumlichkeiten (3,0).
        "Den größten Unterstützungsbedarf gibt es in den Feldern Buchhaltung (100 % der "
        "befragten Vereine sehen hier hohen oder sehr hohen Bedarf), Öffentlichkeitsarbeit "
        "(40 %) und Räumlichkeiten (40 %). "
        "Am uneinigsten sind sich die Vereine beim Thema Räumlichkeiten: Hier reichen die "
        "Antworten von keinem bis zu sehr hohem Bedarf. "
        "Am einigsten sind sie sich beim Thema Rhetorik: alle 5 Vereine sehen dort geringen "
        "Bedarf. "
        # Competence is 6 - need in `fill`: 2, 2, 3, 3, 4 in public relations.
        "In der Öffentlichkeitsarbeit verfügt 1 Verein über gute bis sehr gute Kompetenzen, "
        "keiner ist ganz ohne Erfahrung. "
        # Websites at rows 0, 2, 4; flyers at rows 0 and 3.
        "3 Vereine haben eine eigene Internetseite; 3 Vereine haben noch kein Faltblatt. "
        # Kendall's W 0,51 (scipy.stats.friedmanchisquare: 15,44 / (5 · 6)): "strong".
        "Über die Rangfolge der Felder sind sich die Vereine weitgehend einig. "
        "Die Kennzahlen der Auswertung stehen in der Anlage."
    )


# ---- forum sessions: none, one, one held and one to come, two ---------------------------------


def test_no_forum_session(programme):
    assert _draft(programme)[-1] == "Bisher hat noch keine Forumssitzung stattgefunden."


def test_one_forum_session_held(programme):
    _session(programme, date(2007, 10, 10))
    assert _draft(programme)[-1] == "Bisher hat 1 Forumssitzung stattgefunden."


def test_one_forum_session_planned(programme):
    _session(programme, date(2007, 12, 5))
    assert _draft(programme)[-1] == (
        "Bisher hat noch keine Forumssitzung stattgefunden; die erste ist am 05.12.2007 geplant."
    )


def test_one_forum_session_held_and_one_to_come(programme):
    _session(programme, date(2007, 10, 10))
    _session(programme, date(2008, 1, 16))
    assert _draft(programme)[-1] == (
        "Im Rahmen des Projektes wird noch 1 weitere Forumssitzung stattfinden "
        "(geplant am 16.01.2008)."
    )


def test_two_forum_sessions_held(programme):
    _session(programme, date(2007, 9, 5))
    _session(programme, date(2007, 10, 10))
    assert _draft(programme)[-1] == "Bisher haben 2 Forumssitzungen stattgefunden."


# ---- resolutions: none, one, two ---------------------------------------------------------------


@pytest.fixture
def forum(programme, coordinator):
    body = bodies.body_create(actor=coordinator, programme=programme, name="Forum")
    return body, _session(programme, date(2007, 10, 10))


def test_no_resolution_no_paragraph(programme, forum, coordinator):
    body, event = forum
    sessions.agenda_item_add(actor=coordinator, body=body, event=event, title="Begrüßung")
    assert not any("beschlossen" in p for p in _draft(programme))


def test_one_resolution_is_a_sentence(programme, forum, coordinator):
    _resolve(
        coordinator,
        *forum,
        "Thema Buchhaltung: Grundlagenschulung",
        ResolutionKind.TRAINING,
        "Für die Vereine wird eine Grundlagenschulung Buchhaltung angeboten.",
    )
    paragraphs = _draft(programme)
    assert (
        "In der 1. Forumssitzung am 10.10.2007 hat das Forum beschlossen, zum Thema Buchhaltung "
        "eine Grundlagenschulung anzubieten."
    ) in paragraphs
    assert not any("Multiplikatoren" in p for p in paragraphs)


def test_a_working_group_and_its_guide_are_one_sentence(programme, forum, coordinator):
    _resolve(
        coordinator,
        *forum,
        "Thema Buchhaltung: Arbeitsgruppe",
        ResolutionKind.WORKING_GROUP,
        "Es wird eine Arbeitsgruppe Buchhaltung gebildet.",
    )
    _resolve(
        coordinator,
        *forum,
        "Thema Buchhaltung: Leitfaden für alle Vereine",
        ResolutionKind.GUIDE,
        "Die Arbeitsgruppe schreibt einen Leitfaden.",
    )
    paragraphs = _draft(programme)
    index = paragraphs.index(
        "In der 1. Forumssitzung am 10.10.2007 hat das Forum beschlossen, zum Thema Buchhaltung "
        "eine Arbeitsgruppe zu bilden, die einen Leitfaden für alle Vereine erarbeitet."
    )
    assert paragraphs[index + 1].startswith("So entstehen neben den Schulungen")
    assert not any("Arbeitsgruppe gebildet:" in p or "Beschluss:" in p for p in paragraphs)


def test_resolutions_without_a_field_and_of_another_kind(programme, forum, coordinator):
    _resolve(coordinator, *forum, "Kassenprüfung", ResolutionKind.TRAINING, "Schulung.")
    _resolve(
        coordinator,
        *forum,
        "Geschäftsordnung",
        ResolutionKind.OTHER,
        "Das Forum gibt sich eine Geschäftsordnung",
    )
    assert (
        "In der 1. Forumssitzung am 10.10.2007 hat das Forum beschlossen, eine Schulung "
        "anzubieten (Tagesordnungspunkt „Kassenprüfung“). Außerdem hat es zum "
        "Tagesordnungspunkt „Geschäftsordnung“ Folgendes beschlossen: Das Forum gibt sich eine "
        "Geschäftsordnung."
    ) in _draft(programme)


# ---- the project team --------------------------------------------------------------------------


def test_a_team_of_three_ending_with_an_association_named_e_v(programme):
    def member(name, role, short_name="", until=None):
        TeamMember.objects.create(
            programme=programme,
            person=factories.PersonFactory(),
            organisation=factories.OrganisationFactory(name=name, short_name=short_name),
            role=role,
            since=date(2007, 5, 9),
            until=until,
        )

    member("Ressort 204", TeamRole.LEAD)
    member("Arbeiterwohlfahrt", TeamRole.WELFARE, short_name="AWO")
    member("Anadolu e.V.", TeamRole.ASSOCIATION)
    member("Caritas", TeamRole.WELFARE, until=date(2007, 11, 12))  # left on the day
    assert _draft(programme)[0] == (
        f"Das Projekt „{programme.name}“ startete am 09.05.2007 mit der Einrichtung des "
        "Projektteams. "
        "Unter Leitung von Ressort 204 besteht das Projektteam aus 3 Personen: Vertreter/innen "
        "des Migrationsdienstes eines Wohlfahrtsverbandes (AWO) und der "
        "Migrantenselbstorganisation (MSO) Anadolu e.V."
    )


# ---- counts from the other summaries: singular, zero, ties -------------------------------------


class FakeEvent:
    def __init__(self, pk):
        self.pk = pk


def _fake(monkeypatch, **summaries):
    def load(module, name):
        value = summaries.get(name)
        return None if value is None else (lambda programme, *, as_of=None: value)

    monkeypatch.setattr(sources, "load_summary", load)


def test_a_kick_off_with_one_association_and_no_enrolment(programme, monkeypatch):
    _fake(
        monkeypatch,
        events_summary={
            "kick_off": {
                "event": FakeEvent(1),
                "date": date(2007, 5, 14),
                "invited": 1,
                "attended": 1,
                "enrolled": 0,
            },
            "forum_sessions": [],
            "trainings": [],
            "workshops": [],
        },
    )
    assert (
        "Zu der Auftaktveranstaltung am 14.05.2007 wurde 1 Verein eingeladen, Vertreter/innen "
        "von 1 Verein kamen und kein Verein meldete sich für das Projekt an."
    ) in _draft(programme)


def test_trainings_with_one_registration(programme, monkeypatch):
    training = {
        "title": "Öffentlichkeitsarbeit für Vereine",
        "registrations": 1,
        "fields": ["public_relations", "rhetoric"],
    }
    _fake(
        monkeypatch,
        events_summary={
            "kick_off": None,
            "forum_sessions": [],
            "trainings": [
                {**training, "event": FakeEvent(1), "date": date(2007, 10, 1)},
                {**training, "event": FakeEvent(2), "date": date(2007, 12, 1)},
            ],
            "workshops": [],
        },
    )
    assert (
        "Am 01.10.2007 fand die Schulung „Öffentlichkeitsarbeit für Vereine“ statt; angemeldet "
        "war 1 Person. Für die Themen Öffentlichkeitsarbeit und Rhetorik ist die Schulung "
        "„Öffentlichkeitsarbeit für Vereine“ am 01.12.2007 terminiert, für die bisher "
        "1 Anmeldung vorliegt."
    ) in _draft(programme)


def test_a_shared_place_in_the_priorities(programme, monkeypatch):
    def row(name, key, rank):
        return {"name": name, "key": key, "weight": 0.2, "rank": rank}

    _fake(
        monkeypatch,
        forum_summary={
            "sessions": [],
            "polls": [
                {
                    "poll": None,
                    "title": "Priorisierung",
                    "session_date": date(2007, 10, 10),
                    "method": "borda",
                    "closed": True,
                    "ranking": [
                        row("Buchhaltung", "bookkeeping", 1),
                        row("Rhetorik", "rhetoric", 1),
                        row("Räumlichkeiten", "premises", 3),
                        row("Projektarbeit", "project_work", 4),
                    ],
                }
            ],
            "resolutions": [],
        },
    )
    assert (
        "Am 10.10.2007 wurden die Themenfelder priorisiert (Abstimmung „Priorisierung“, "
        "Rangfolge, ausgezählt nach Borda). Entlang dieser Gewichtung werden die konkreten "
        "Maßnahmen zur Behebung des jeweiligen Bedarfes entworfen. Auf Platz 1 setzte das Forum "
        "Buchhaltung und Rhetorik gleichauf und auf Platz 3 Räumlichkeiten."
    ) in _draft(programme)


# ---- the annex carries the coefficients --------------------------------------------------------


def _pdf_elements(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                if isinstance(kid, pypdf.generic.IndirectObject | pypdf.generic.DictionaryObject):
                    _pdf_elements(kid, found)
    return found


def test_the_annex_holds_the_coefficients_in_both_formats(draft_report, coordinator):
    _interviews(draft_report.programme, coordinator, NEEDS)
    report = report_draft(actor=coordinator, report=draft_report, as_of=AS_OF)
    assert_clean(report.explanation)

    _, _, pdf = PdfExporter().render(report)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).split())
    annex = text.index("Anlage: Kennzahlen")
    assert text.index("Begründung") < annex
    assert "Leiks D" not in text[:annex] and "Kendalls W" not in text[:annex]
    assert "3 Räumlichkeiten 40 % 3 0,80 4,0" in text[annex:]  # rank, share, median, D, IQR
    assert "7 Rhetorik 0 % 2 0,00 0,0" in text[annex:]
    assert "Kendalls W = 0,51" in text[annex:]
    # A table with a caption and header cells: each value names its field and its column.
    elements = _pdf_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(tables) == 3  # header data, meeting, annex
    annex_elements = _pdf_elements(tables[-1], [])
    kinds = [e["/S"] for e in annex_elements]
    assert "/Caption" in kinds and "/THead" in kinds and "/TBody" in kinds
    assert kinds.count("/TH") == 6 + 7  # the column headers and one field per row
    header_ids = {e["/ID"] for e in annex_elements if e["/S"] == "/TH"}
    for cell in (e for e in annex_elements if e["/S"] == "/TD"):
        assert len(cell["/A"]["/Headers"]) == 2 and set(cell["/A"]["/Headers"]) <= header_ids

    _, _, content = DocxExporter().render(report)
    doc = docx.Document(io.BytesIO(content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Anlage: Kennzahlen"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Leiks D" not in body[: body.index("Anlage: Kennzahlen")]
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Rang",
        "Themenfeld",
        "Hoher Bedarf",
        "Median",
        "Leiks D",
        "Quartilsabstand",
    ]
    row = tuple(c.text for c in table.rows[3].cells)
    assert row == ("3", "Räumlichkeiten", "40 %", "3", "0,80", "4,0")
    xml = table._tbl.xml
    assert 'w:tblHeader w:val="true"' in xml and "Bedarf nach Themenfeldern" in xml


def test_no_annex_while_the_figures_are_withheld(draft_report, coordinator):
    _interviews(draft_report.programme, coordinator, NEEDS[:4])
    report = report_draft(actor=coordinator, report=draft_report, as_of=AS_OF)
    _, _, content = DocxExporter().render(report)
    doc = docx.Document(io.BytesIO(content))
    assert len(doc.tables) == 2
    assert "Anlage" not in "\n".join(p.text for p in doc.paragraphs)
