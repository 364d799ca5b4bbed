"""The paper's opening: the programme's start and team, and the kick-off's funnel.

Both come from the programmes app itself (the team, the participation steps), so they are
written even when no other app reports; the events app's kick-off figures are preferred
where it has them.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from vereinsforum.lib.german import de_date, de_list, form, plural, sentence
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import ParticipationStep, Programme, Step, TeamMember, TeamRole
from vereinsforum.reports.drafting.draft import Draft, optional_date
from vereinsforum.reports.drafting.phrases import association_count
from vereinsforum.reports.drafting.sources import Sources


def start_and_team(draft: Draft, programme: Programme, as_of: date) -> None:
    funding = ""
    if programme.funder and programme.funding_programme:
        funding = f"vom {programme.funder} im Rahmen von {programme.funding_programme} geförderte "
    elif programme.funding_programme:
        funding = f"im Rahmen von {programme.funding_programme} geförderte "
    start = draft.figure("programme.start", "Projektbeginn", programme.start)
    started = "startete" if start <= as_of else "startet"
    team = list(
        TeamMember.objects.filter(programme=programme, since__lte=as_of)
        # A membership that ended on or before the day no longer counts (ended today is
        # ended now, as for affiliations).
        .exclude(until__lte=as_of)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    if not team:
        draft.add(f"Das {funding}Projekt „{programme.name}“ {started} am {de_date(start)}.")
        return
    draft.figure("team.size", "Mitglieder im Projektteam", len(team))
    lead = next((m.organisation for m in team if m.role == TeamRole.LEAD), None)
    welfare = _unique([m.organisation for m in team if m.role == TeamRole.WELFARE])
    members = _unique([m.organisation for m in team if m.role == TeamRole.ASSOCIATION])
    draft.figure("team.welfare_services", "Migrationsdienste im Projektteam", len(welfare))
    draft.figure("team.associations", "Vereine im Projektteam", [o.name for o in members])
    parts = []
    if welfare:
        names = de_list([o.short_name or o.name for o in welfare])
        services = form(
            len(welfare),
            "des Migrationsdienstes eines Wohlfahrtsverbandes",
            "der Migrationsdienste der Wohlfahrtsverbände",
        )
        parts.append(f"Vertreter/innen {services} ({names})")
    if members:
        kind = "Migrantenselbstorganisation" + form(len(members), "", "en")
        parts.append(f"der {kind} (MSO) {de_list([o.name for o in members])}")
    led = (
        f"Unter Leitung von {lead.name} besteht das Projektteam"
        if lead
        else ("Das Projektteam besteht")
    )
    size = plural(len(team), "Person", "Personen")
    composition = f": {de_list(parts)}" if parts else ""
    draft.add(
        f"Das {funding}Projekt „{programme.name}“ {started} am {de_date(start)} mit der "
        "Einrichtung des Projektteams.",
        # A name may end the sentence with its own full stop ("Anadolu e.V.").
        sentence(f"{led} aus {size}{composition}"),
    )


def _unique(orgs: list[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for org in orgs:
        seen.setdefault(org.pk, org)
    return list(seen.values())


def kick_off(draft: Draft, programme: Programme, sources: Sources, as_of: date) -> None:
    summary = (sources.events or {}).get("kick_off")
    on: date | None
    if summary:
        on = optional_date(summary.get("date"))
        invited, attended, enrolled = (
            summary["invited"],
            summary["attended"],
            summary["enrolled"],
        )
    else:
        # Without the events app the funnel still stands in the participation rows.
        counts = dict(
            ParticipationStep.objects.filter(participation__programme=programme, date__lte=as_of)
            .values_list("step")
            .annotate(n=Count("participation", distinct=True))
            .values_list("step", "n")
        )
        invited = counts.get(Step.INVITED.value, 0)
        attended = counts.get(Step.ATTENDED.value, 0)
        enrolled = counts.get(Step.ENROLLED.value, 0)
        first = (
            ParticipationStep.objects.filter(
                participation__programme=programme, step=Step.ATTENDED, date__lte=as_of
            )
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        on = first
        if not invited:
            return
    draft.figure("kick_off.invited", "Zur Auftaktveranstaltung eingeladene Vereine", invited)
    draft.figure("kick_off.attended", "Bei der Auftaktveranstaltung vertretene Vereine", attended)
    draft.figure("kick_off.enrolled", "Für das Projekt angemeldete Vereine", enrolled)
    if on and on > as_of:
        invitations = (
            f"eingeladen {form(invited, 'ist', 'sind')} bisher {association_count(invited)}"
            if invited
            else "die Einladungen sind noch nicht verschickt"
        )
        draft.add(f"Die Auftaktveranstaltung ist für den {de_date(on)} geplant; {invitations}.")
        return
    when = f" am {de_date(on)}" if on else ""
    if invited:
        invitation = f"{form(invited, 'wurde', 'wurden')} {association_count(invited)} eingeladen"
    else:
        invitation = "wurden keine Vereine eingeladen"
    if attended:
        came = f"Vertreter/innen von {association_count(attended, 'dative')} kamen"
    else:
        came = "es kamen keine Vertreter/innen von Vereinen"
    if enrolled:
        joined = (
            f"{association_count(enrolled)} {form(enrolled, 'meldete', 'meldeten')} sich für das "
            "Projekt an"
        )
    else:
        joined = "kein Verein meldete sich für das Projekt an"
    draft.add(f"Zu der Auftaktveranstaltung{when} {invitation}, {came} und {joined}.")
