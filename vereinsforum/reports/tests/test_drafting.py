"""The Begründung from the summaries of the other apps, each of which may be missing."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.events.models import Event
from vereinsforum.reports.drafting import sources
from vereinsforum.reports.drafting.explanation import draft_explanation
from vereinsforum.reports.drafting.sources import load_summary

pytestmark = pytest.mark.django_db

AS_OF = date(2007, 11, 12)


class FakeEvent:
    def __init__(self, pk):
        self.pk = pk


def _events(programme, *, as_of=None):
    sessions = [date(2007, 10, 10), date(2008, 1, 16), date(2008, 4, 9), date(2008, 9, 10)]
    return {
        "kick_off": {
            "event": FakeEvent(1),
            "date": date(2007, 5, 14),
            "invited": 60,
            "attended": 30,
            "enrolled": 25,
        },
        "forum_sessions": [
            {"event": FakeEvent(10 + n), "date": d, "number": n, "held": d <= as_of}
            for n, d in enumerate(sessions, start=1)
        ],
        "trainings": [
            {
                "event": FakeEvent(20),
                "title": "Öffentlichkeitsarbeit für Vereine",
                "date": date(2007, 12, 1),
                "registrations": 18,
                "fields": ["public_relations"],
            }
        ],
        "workshops": [
            {
                "event": FakeEvent(30),
                "title": "Workshop mit den Migrationsdiensten",
                "date": date(2008, 1, 26),
                "held": False,
            }
        ],
    }


def _needs(programme, *, as_of=None):
    names = [
        "Projektarbeit",
        "Öffentlichkeitsarbeit",
        "Arbeitsorganisation",
        "Buchhaltung",
        "PC-Kenntnisse",
        "Räumlichkeiten",
        "Rhetorik",
    ]
    keys = [f.key for f in programme.fields.order_by("position")]
    ranks = [4, 3, 5, 1, 2, 6, 7]
    return {
        "wave": None,
        "title": "Befragung 2007",
        "period_start": date(2007, 6, 4),
        "period_end": date(2007, 8, 31),
        "interviews": 25,
        "associations": 25,
        "fields": sorted(
            [
                {
                    "key": k,
                    "name": n,
                    "share_high_need": 0.1 * (8 - r),
                    "median_need": 2.0,
                    "rank": r,
                }
                for k, n, r in zip(keys, names, ranks, strict=True)
            ],
            key=lambda f: f["rank"],
        ),
        "findings": ["Einige Vereine haben sehr gute Kompetenzen in der Öffentlichkeitsarbeit."],
    }


def _forum(programme, *, as_of=None):
    return {
        "sessions": [],
        "polls": [
            {
                "poll": None,
                "title": "Priorisierung der Themenfelder",
                "session_date": date(2007, 10, 10),
                "method": "borda",
                "closed": True,
                "ranking": [
                    {"name": "Buchhaltung", "key": "bookkeeping", "weight": 0.3, "rank": 1},
                    {"name": "PC-Kenntnisse", "key": "pc_skills", "weight": 0.2, "rank": 2},
                    {
                        "name": "Öffentlichkeitsarbeit",
                        "key": "public_relations",
                        "weight": 0.15,
                        "rank": 3,
                    },
                    {"name": "Rhetorik", "key": "rhetoric", "weight": 0.05, "rank": 4},
                ],
            }
        ],
        "resolutions": [
            {
                "session_date": date(2007, 10, 10),
                "title": "Arbeitsgruppe Buchhaltung",
                "text": "Sie beschreibt die wesentlichen Informationen in einem Leitfaden.",
                "kind": "working_group",
            },
            {"session_date": date(2008, 1, 16), "title": "Später", "text": "", "kind": "other"},
        ],
    }


FAKES = {"events_summary": _events, "needs_summary": _needs, "forum_summary": _forum}


def test_the_draft_states_the_figures_from_every_source(programme, monkeypatch):
    monkeypatch.setattr(sources, "load_summary", lambda module, name: FAKES.get(name))
    draft = draft_explanation(programme, as_of=AS_OF)
    text = draft.text
    assert (
        "am 14.05.2007 wurden 60 Vereine eingeladen, Vertreter/innen von 30 Vereinen kamen "
        "und 25 Vereine meldeten sich" in text
    )
    assert "zwischen Juni und August 2007" in text
    assert (
        "Projektarbeit, Öffentlichkeitsarbeit, Arbeitsorganisation, Buchhaltung, "
        "PC-Kenntnisse, Räumlichkeiten und Rhetorik."
    ) in text
    assert "Einige Vereine haben sehr gute Kompetenzen" in text
    assert "in der 1. Forumssitzung am 10.10.2007 präsentiert" in text
    assert (
        "Auf Platz 1 setzte das Forum Buchhaltung, auf Platz 2 PC-Kenntnisse und auf Platz 3 "
        "Öffentlichkeitsarbeit." in text
    )
    # The resolution follows the priorities of the same session, as a sentence.
    assert (
        "In derselben Sitzung hat das Forum beschlossen, zum Thema Buchhaltung eine "
        "Arbeitsgruppe zu bilden." in draft.paragraphs
    )
    assert (
        "priorisiert (Abstimmung „Priorisierung der Themenfelder“, Rangfolge, ausgezählt "
        "nach Borda)" in text
    )
    assert "Später" not in text  # resolved after the as-of day
    assert "bisher 18 Anmeldungen vorliegen" in text
    assert (
        "Für das Thema Öffentlichkeitsarbeit ist die Schulung „Öffentlichkeitsarbeit für "
        "Vereine“ am 01.12.2007 terminiert" in text
    )
    assert (
        "Voraussichtlich im Januar 2008 wird der Workshop mit den Migrationsdiensten "
        "stattfinden." in text
    )
    assert "noch 3 weitere Forumssitzungen stattfinden" in text

    figures = {k: v["value"] for k, v in draft.figures.items()}
    assert figures["kick_off.invited"] == 60 and figures["kick_off.enrolled"] == 25
    assert figures["training.20.registrations"] == 18
    assert figures["forum.sessions_to_come"] == 3 and figures["forum.sessions_held"] == 1
    assert figures["survey.period_start"] == "2007-06-04"
    assert figures["forum.working_groups"] == 1
    assert figures["forum.poll.1.top"] == ["Buchhaltung", "PC-Kenntnisse", "Öffentlichkeitsarbeit"]


def test_a_held_training_and_workshop_read_in_the_past(programme, monkeypatch):
    monkeypatch.setattr(sources, "load_summary", lambda module, name: FAKES.get(name))
    text = draft_explanation(programme, as_of=date(2008, 2, 1)).text
    assert (
        "Am 01.12.2007 fand die Schulung „Öffentlichkeitsarbeit für Vereine“ statt; "
        "angemeldet waren 18 Personen." in text
    )
    assert "Am 26.01.2008 fand der Workshop" in text
    assert "noch 2 weitere Forumssitzungen" in text


def test_missing_summaries_leave_their_paragraphs_out(programme, monkeypatch):
    monkeypatch.setattr(sources, "load_summary", lambda module, name: None)
    draft = draft_explanation(programme, as_of=AS_OF)
    assert draft.paragraphs  # the programme's start is always known
    assert "Befragung" not in draft.text and "Forumssitzung" not in draft.text
    assert "Schulung" not in draft.text


def test_a_none_needs_summary_leaves_the_survey_out(programme, monkeypatch):
    fakes = {**FAKES, "needs_summary": lambda programme, *, as_of=None: None}
    monkeypatch.setattr(sources, "load_summary", lambda module, name: fakes.get(name))
    text = draft_explanation(programme, as_of=AS_OF).text
    assert "Befragung" not in text
    assert "60 Vereine eingeladen" in text


def test_load_summary_tolerates_only_the_missing_module_itself():
    assert load_summary("vereinsforum.reports.no_such_summary", "anything") is None
    assert load_summary("vereinsforum.reports.drafting.sources", "no_such_function") is None
    assert load_summary("vereinsforum.reports.drafting.sources", "gather") is sources.gather


def test_the_real_summaries_are_read_without_error(programme):
    # Whatever the other apps provide today, drafting from an empty programme works.
    draft = draft_explanation(programme, as_of=AS_OF)
    assert draft.figures["as_of"]["value"] == "2007-11-12"
    assert not Event.objects.exists()
