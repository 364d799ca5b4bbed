"""Reading a scanned paper attendance list (CSV) into check-ins, with an error per bad row.

Before and during the event a row must match a registration. Once the event has begun, a
row naming someone without a registration may also match a person of an association that
could have come (`attendance_candidates`): the list is then the record of who came."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.events.models import Audience, Event, Registration, RegistrationStatus
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.programmes.models import Step

MAX_ROWS = 2000
#: A list of 2,000 rows stays far below this; anything larger is not an attendance list.
MAX_BYTES = 512 * 1024


@dataclass
class ImportRow:
    line: int
    label: str
    registration: Registration | None = None
    #: Someone without a registration, found among the associations' people (past events).
    attendee: tuple[Organisation, Person] | None = None
    error: str = ""
    already: bool = False

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def person(self) -> Person | None:
        if self.registration is not None:
            return self.registration.person
        return self.attendee[1] if self.attendee else None


def attendee_key(organisation: Organisation, person: Person) -> str:
    """How a form names one person of one association: "<organisation id>-<person id>"."""
    return f"{organisation.pk}-{person.pk}"


def attendance_candidates(event: Event) -> list[tuple[Organisation, list[Person]]]:
    """The associations that could have come to `event`, each with its people on the
    event's day, by name: those invited, those registered, and for an event of all
    enrolled associations the enrolled ones. People registered for an association stay
    listed under it even if their role has ended since."""
    organisation_ids = set(event.invitations.values_list("organisation_id", flat=True))
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(organisation__isnull=False)
        .select_related("person")
    )
    organisation_ids |= {r.organisation_id for r in registrations if r.organisation_id}
    if event.audience == Audience.ENROLLED:
        organisation_ids |= set(
            event.programme.organisations_at(Step.ENROLLED).values_list("pk", flat=True)
        )
    people: dict[int, dict[int, Person]] = {pk: {} for pk in organisation_ids}
    affiliations = (
        Affiliation.objects.current(timezone.localdate(event.start))
        .filter(organisation__in=organisation_ids, person__pseudonymised_at__isnull=True)
        .select_related("person")
    )
    for row in [*affiliations, *registrations]:
        people[row.organisation_id][row.person.pk] = row.person
    return [
        (
            organisation,
            sorted(people[organisation.pk].values(), key=lambda p: (p.last_name, p.first_name)),
        )
        for organisation in Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
    ]


def _people_named(
    candidates: list[tuple[Organisation, list[Person]]], record: dict[str, str]
) -> list[tuple[Organisation, Person]]:
    first, last = _norm(record["first_name"]), _norm(record["last_name"])
    organisation = _norm(record.get("organisation"))
    return [
        (org, person)
        for org, people in candidates
        if not organisation or _norm(org.name) == organisation
        for person in people
        if _norm(person.first_name) == first and _norm(person.last_name) == last
    ]


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _unreadable(line: int) -> str:
    return _(
        "The file could not be read as a CSV list (around line %(line)s). Please save it "
        "again as CSV from the spreadsheet program."
    ) % {"line": line}


def parse_attendance(event: Event, text: str) -> tuple[list[ImportRow], str]:
    """Rows matched to the event's registrations; the second value is a file-level error."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        headers = {_norm(h) for h in (reader.fieldnames or [])}
    except csv.Error:
        return [], _unreadable(1)
    if "code" not in headers and not {"organisation", "first_name", "last_name"} <= headers:
        return [], _(
            "The file needs a header row with the column code, or the columns "
            "organisation, first_name and last_name."
        )
    registrations = event.registrations.select_related("person", "organisation")
    # Only once the event has begun can the list itself be the record of who came.
    candidates = attendance_candidates(event) if timezone.now() >= event.start else None
    rows: list[ImportRow] = []
    seen: set[int] = set()
    records = enumerate(reader, start=2)
    while True:
        try:
            line, record = next(records)
        except StopIteration:
            break
        except csv.Error:
            # e.g. a cell over the csv module's field limit, or a stray NUL byte
            return [], _unreadable(reader.line_num)
        if line > MAX_ROWS:
            return rows, _("The file has more than %(n)s rows.") % {"n": MAX_ROWS}
        record = {_norm(k): (v or "").strip() for k, v in record.items() if k}
        if not any(record.values()):
            continue
        code = record.get("code", "")
        name = f"{record.get('first_name', '')} {record.get('last_name', '')}".strip()
        row = ImportRow(line=line, label=code or f"{name} ({record.get('organisation', '')})")
        if code:
            row.registration = registrations.filter(code=code).first()
            if row.registration is None:
                row.error = _("No registration for this event has the code %(code)s.") % {
                    "code": code
                }
        elif not (record.get("first_name") and record.get("last_name")):
            row.error = _("First and last name are missing.")
        else:
            matches = [
                r
                for r in registrations.filter(
                    Q(person__last_name__iexact=record["last_name"])
                    & Q(person__first_name__iexact=record["first_name"])
                ).exclude(status=RegistrationStatus.CANCELLED)
                if not record.get("organisation")
                or (r.organisation and _norm(r.organisation.name) == _norm(record["organisation"]))
            ]
            people = _people_named(candidates, record) if candidates and not matches else []
            if len(people) == 1:
                row.attendee = people[0]
            elif len(people) > 1:
                row.error = _(
                    "%(name)s belongs to more than one association: add the organisation."
                ) % {"name": name}
            elif not matches:
                row.error = _("No registration for %(name)s was found at this event.") % {
                    "name": name
                }
            elif len(matches) > 1:
                row.error = _("%(name)s is registered more than once: use the code.") % {
                    "name": name
                }
            else:
                row.registration = matches[0]
        registration = row.registration
        if row.person is not None and not row.error:
            if row.person.pk in seen:
                row.error = _("This person appears twice in the list.")
            elif registration is not None and registration.status == RegistrationStatus.CANCELLED:
                row.error = _("This registration was cancelled.")
            elif registration is not None and registration.status == RegistrationStatus.ATTENDED:
                row.already = True
            seen.add(row.person.pk)
        rows.append(row)
    if not rows:
        return rows, _("The file contains no rows.")
    return rows, ""
