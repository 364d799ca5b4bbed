"""The Django side of the page benchmarks, run as its own process against the bench database
(`python -m bench.probe <command>`, with DATABASE_URL and the bench settings in the
environment; `bench/harness.py` calls it).

- `pages`: one session per role (the demo's accounts; anonymous for the public), the pages
  each role uses, resolved to URLs on this database, each fetched once in-process with its
  status and query count. Prints JSON: {role: {"cookie": …, "pages": {name: {url, status,
  queries}}}, "api_token": …}.
- `contention <audience> <n>`: an event with 18 seats (public, or for a chosen audience with
  invitations to `n` associations) and `n` distinct representatives of `n` associations,
  each with a session, a CSRF secret and the delegate to register. Prints JSON.
- `seats <event id>`: the event's confirmed seats and waiting list, counted from the rows.
- `plans`: the lists' queries as PostgreSQL plans them (`bench/plans.py`).
- `documents [repeats]`: the programme's council paper built as PDF and as DOCX in-process
  (the first build of each, cold, then `repeats` warm ones), as of the draft's date and as of
  today. Prints JSON.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from datetime import timedelta
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vereinsforum.settings")
    import django

    django.setup()


def _client_for(user: Any) -> Any:
    from django.test import Client

    from vereinsforum.testing.otp import mark_verified

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
        mark_verified(client.session, user)
    return client


def _count(client: Any, url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    return {"url": url, "status": response.status_code, "queries": len(queries)}


def _targets() -> dict[str, Any]:
    """The objects the pages are about: the biggest event, a public one, the representative's
    association, the latest wave, the latest closed poll, the city's OParl body."""
    from django.db.models import Count

    from vereinsforum.events.models import Audience, Event
    from vereinsforum.forum.models import Poll
    from vereinsforum.needs.models import Wave
    from vereinsforum.organisations.models import Organisation

    biggest = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    public = (
        Event.objects.filter(audience=Audience.PUBLIC)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    # The wave with the most interviews: at a state's size the first (the demo's wave and the
    # generated associations'), at the demo's its only one; neither has a wave before it.
    wave = Wave.objects.annotate(n=Count("interviews")).order_by("-n", "pk").first()
    poll = Poll.objects.filter(counted_at__isnull=False).order_by("-counted_at", "-pk").first()
    anadolu = Organisation.objects.filter(name="Anadolu e.V.").first()
    from vereinsforum.oparl.models import LegislativeTerm

    term = LegislativeTerm.objects.select_related("body").first()
    return {
        "event": biggest.pk if biggest else None,
        "public_event": public.pk if public else None,
        "wave": wave.pk if wave else None,
        "poll": poll.pk if poll else None,
        "organisation": anadolu.pk if anadolu else None,
        "body": term.body_id if term else None,
    }


def _role_event(targets: dict[str, Any], user: Any) -> int | None:
    """The event whose page a role is measured on: the public one for the anonymous, the
    biggest for the coordinator, the biggest the user can see otherwise."""
    event = targets["event"]
    if user is None and targets["public_event"]:
        event = targets["public_event"]
    elif user is not None and user.role != "coordinator":
        from django.db.models import Count

        from vereinsforum.events.models import Event

        # The biggest event this user can see: the page is about a real one of theirs.
        visible = (
            Event.objects.for_user(user).annotate(n=Count("registrations")).order_by("-n", "pk")
        )
        event = next(iter(visible.values_list("pk", flat=True)[:1]), event)
    return event


def _pages(targets: dict[str, Any], user: Any, event: int | None) -> dict[str, str]:
    from django.urls import reverse

    organisation = targets["organisation"]
    if user is not None and user.acting_for_id:
        organisation = user.acting_for_id
    elif user is not None and user.role == "interviewer":
        from vereinsforum.programmes.models import InterviewerAssignment

        assigned = InterviewerAssignment.objects.filter(interviewer=user).first()
        organisation = assigned.organisation_id if assigned else organisation
    pages = {
        "dashboard": reverse("web:dashboard"),
        "event list": reverse("events:list"),
        "event page": reverse("events:detail", args=[event]),
        "organisation list": reverse("organisations:list") + "?kind=association",
        "organisation page": reverse("organisations:detail", args=[organisation]),
        "needs evaluation": reverse("needs:evaluation", args=[targets["wave"]]),
        "poll results": reverse("forum:poll_results", args=[targets["poll"]]),
    }
    body = targets["body"]
    for name, list_name in (
        ("oparl papers", "paper"),
        ("oparl organizations", "organization"),
        ("oparl persons", "person"),
        ("oparl meetings", "meeting"),
    ):
        pages[name] = reverse("oparl:body_list", args=[body, list_name])
    # The organization list holds the body's organisations, then its forum: the page where
    # the forum begins embeds both kinds (at 60 associations that is the first page, at 3,000
    # the 43rd), so both sizes measure the same page.
    pages["oparl organizations"] += f"?page={_forum_page(body)}"
    pages["api events"] = "/api/v1/events"
    return pages


def _forum_page(body: int) -> int:
    from vereinsforum.oparl.catalogue import Catalogue
    from vereinsforum.oparl.listing import DEFAULT_PAGE_SIZE

    return Catalogue().organisations(body).count() // DEFAULT_PAGE_SIZE + 1


def pages(same_as: dict[str, Any] | None = None) -> dict[str, Any]:
    """`same_as`: another database's answer, whose events to measure here too (the demo's
    events keep their keys in the larger databases), so both sizes show the same pages."""
    from django.utils import timezone

    from vereinsforum.accounts.models import Role, User
    from vereinsforum.api.services import api_token_create

    targets = _targets()
    if same_as is not None:
        targets = {**targets, "wave": same_as["targets"]["wave"]}
    accounts: dict[str, Any] = {"anonymous": None}
    for role in (Role.COORDINATOR, Role.REPRESENTATIVE, Role.INTERVIEWER):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is not None:
            accounts[str(role.value)] = user
    out: dict[str, Any] = {"targets": targets, "roles": {}}
    for role, user in accounts.items():
        client = _client_for(user)
        headers: dict[str, str] = {}
        if user is not None:
            token, secret = (
                api_token_create(
                    actor=user,
                    name=f"bench {secrets.token_hex(4)}",
                    read_only=True,
                    expires=timezone.now() + timedelta(days=1),
                )
                if role == Role.COORDINATOR
                else (None, "")
            )
            if secret:
                headers["Authorization"] = f"Bearer {secret}"
        found = {}
        if same_as is not None and role in same_as["roles"]:
            event = same_as["roles"][role]["event"]
        else:
            event = _role_event(targets, user)
        for name, url in _pages(targets, user, event).items():
            if name == "api events" and not headers:
                continue
            result = _count(client, url, headers if name == "api events" else None)
            found[name] = result
        cookie = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
        out["roles"][role] = {
            "cookie": cookie,
            "pages": found,
            "api_header": headers,
            "event": event,
        }
    return out


def contention(audience: str, n: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from vereinsforum.accounts.models import Role, User
    from vereinsforum.events.models import Audience, Event, EventKind, Invitation
    from vereinsforum.organisations.models import (
        Affiliation,
        AffiliationRole,
        Organisation,
        Person,
    )
    from vereinsforum.programmes.models import Programme

    programme = Programme.objects.order_by("pk").first()
    start = timezone.now() + timedelta(days=30)
    tag = secrets.token_hex(3)
    with transaction.atomic():
        event = Event.objects.create(
            programme=programme,
            kind=EventKind.TRAINING,
            title=f"Bench {audience} {tag}",
            start=start,
            end=start + timedelta(hours=3),
            capacity=18,
            audience=Audience.PUBLIC if audience == "public" else Audience.CHOSEN,
        )
        associations = list(Organisation.objects.filter(kind="association").order_by("pk")[: n * 2])
    users = []
    for organisation in associations:
        if len(users) == n:
            break
        person = Person.objects.create(first_name="Bench", last_name=f"{tag}-{organisation.pk}")
        Affiliation.objects.create(
            person=person, organisation=organisation, role=AffiliationRole.CHAIR
        )
        user = User.objects.create_user(
            username=f"bench-{tag}-{organisation.pk}",
            password=None,
            role=Role.REPRESENTATIVE,
            person=person,
            acting_for=organisation,
        )
        if event.audience != Audience.PUBLIC:
            Invitation.objects.create(event=event, organisation=organisation)
        # A real login (the configured backends, the second factor where it is asked for).
        client = _client_for(user)
        session_key = client.cookies["sessionid"].value
        users.append(
            {
                "cookie": session_key,
                "csrf": secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b"),
                "person": person.pk,
            }
        )
    return {"event": event.pk, "users": users}


def seats(event_id: int) -> dict[str, int]:
    from vereinsforum.events.models import Event, Registration, RegistrationStatus

    event = Event.objects.get(pk=event_id)
    rows = Registration.objects.filter(event=event)
    return {
        "seats_taken": event.seats_taken(),
        "confirmed": rows.filter(status=RegistrationStatus.REGISTERED).count(),
        "waitlisted": rows.filter(status=RegistrationStatus.WAITLISTED).count(),
        "rows": rows.count(),
    }


def documents(repeats: int = 3) -> dict[str, Any]:
    """Seconds to build the latest paper (a draft if there is one) as PDF and as DOCX: the
    first build in this process (imports, fonts, templates) and `repeats` more. The waves'
    stored evaluations are made current first and timed apart: they are computed once per
    change of the data, not per document. The same paper is then built as of today (the
    draft date moved in memory only), when every interview counts."""
    import time

    from django.utils import timezone

    from vereinsforum.needs.models import Wave
    from vereinsforum.needs.stored import stored_evaluation
    from vereinsforum.reports.exporters import EXPORTERS
    from vereinsforum.reports.models import Report

    reports = Report.objects.alive().select_related("programme")
    report = (
        reports.filter(issued_at__isnull=True).order_by("-date", "-pk").first()
        or reports.order_by("-date", "-pk").first()
    )
    if report is None:
        raise SystemExit("no council paper in this database (load_demo makes two)")
    started = time.perf_counter()
    for wave in Wave.objects.filter(programme=report.programme).select_related("instrument"):
        stored_evaluation(wave)
    out: dict[str, Any] = {
        "report": report.reference,
        "drafted_as_of": str(report.drafted_as_of),
        "stored_evaluations_s": time.perf_counter() - started,
    }

    def timed(fmt: str) -> dict[str, Any]:
        runs = []
        size = 0
        for _ in range(repeats + 1):
            begin = time.perf_counter()
            _name, _type, content = EXPORTERS[fmt].render(report)
            runs.append(time.perf_counter() - begin)
            size = len(content)
        return {"cold_s": runs[0], "warm_s": sorted(runs[1:]), "bytes": size}

    for fmt in ("pdf", "docx"):
        out[fmt] = timed(fmt)
    report.drafted_as_of = timezone.localdate()
    for fmt in ("pdf", "docx"):
        out[f"{fmt} today"] = timed(fmt)
    return out


def main(argv: list[str]) -> None:
    _setup()
    command = argv[0]
    if command == "pages":
        result: Any = pages(json.loads(argv[1]) if len(argv) > 1 else None)
    elif command == "contention":
        result = contention(argv[1], int(argv[2]))
    elif command == "seats":
        result = seats(int(argv[1]))
    elif command == "plans":
        from bench.plans import plans

        result = plans()
    elif command == "documents":
        result = documents(*(int(a) for a in argv[1:2]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
