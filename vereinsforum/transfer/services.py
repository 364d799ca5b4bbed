"""Importing organisations and their contacts from a table, through the organisations'
own services (validation and audit are the pages'), as a dry run or for real.

One code path does both: the dry run performs the whole import inside a transaction and
rolls it back, so the preview shows exactly what applying would do, with the services'
own error messages. Applying runs the same code and rolls everything back when any row
fails: nothing is half-imported.

Rows are grouped into organisations: rows with the same register number or the same
normalised name (mapping.name_key) are one organisation, several contacts of one
association being the usual case. A group that matches an organisation in the database,
or that spans several rows, is a duplicate; the user chooses per group:

- merge (the default): the file fills the organisation's empty fields, contacts are added;
- update: the file's values replace the organisation's;
- skip: the duplicate rows are left out (for a match in the database, all of the group's
  rows; within the file, every row after the first).

Re-importing a file changes nothing: every organisation and contact is then found, every
field is already filled and every role already recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.organisations.changes import OrganisationFields, PersonFields
from vereinsforum.organisations.models import (
    Affiliation,
    AffiliationRole,
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.organisations.scoping import STAFF_EDITABLE
from vereinsforum.organisations.services import (
    affiliation_add,
    organisation_create,
    organisation_update,
    person_create,
    person_update,
)
from vereinsforum.transfer import mapping as m
from vereinsforum.transfer.models import ImportRun
from vereinsforum.transfer.reading import Table

#: Who writes during a dry run: rolled back, so never in the audit log.
IMPORT_PREVIEW = SystemActor("import_preview")


class Decision(models.TextChoices):
    MERGE = "merge", _("Merge: fill empty fields, add contacts")
    UPDATE = "update", _("Update: the file's values replace the saved ones")
    SKIP = "skip", _("Skip the duplicate rows")


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    UNCHANGED = "unchanged", _("Unchanged")
    SKIP = "skip", _("Skipped")
    ERROR = "error", _("Error")


_INTEGER_FIELDS = ("founded_year", "member_count", "volunteer_count")
COUNT_KEYS = (
    "organisations_created",
    "organisations_updated",
    "organisations_unchanged",
    "organisations_skipped",
    "people_created",
    "people_updated",
    "roles_added",
    "rows_skipped",
)


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Row:
    line: int
    organisation: dict[str, str]
    person: dict[str, str]
    #: field → the column header it came from (for error messages)
    columns: dict[tuple[str, str], str]
    contact_action: str = ""
    skipped: bool = False

    @property
    def has_person(self) -> bool:
        return bool(self.person.get("first_name") or self.person.get("last_name"))

    @property
    def contact_label(self) -> str:
        return f"{self.person.get('first_name', '')} {self.person.get('last_name', '')}".strip()


@dataclass
class Group:
    """The rows of one organisation."""

    index: int
    key: str
    name: str
    rows: list[Row] = field(default_factory=list)
    existing: Organisation | None = None
    decision: Decision = Decision.MERGE
    action: Action | Literal[""] = ""
    #: The labels of the fields the import changes on an existing organisation.
    changed: list[str] = field(default_factory=list)
    organisation_pk: int | None = None

    @property
    def is_duplicate(self) -> bool:
        return self.existing is not None or len(self.rows) > 1

    @property
    def lines(self) -> list[int]:
        return [r.line for r in self.rows]


@dataclass
class ImportResult:
    groups: list[Group]
    errors: list[RowError]
    counts: dict[str, int]
    dry_run: bool
    #: Rows whose cells could not be read (their errors are in `errors`).
    invalid: list[Row] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(ValidationError):
    """Applying stopped at row errors; nothing was imported. Carries the result to show."""

    def __init__(self, result: ImportResult):
        super().__init__([str(e) for e in result.errors])
        self.result = result


def mapping_check(mapping: list[str], header: list[str]) -> None:
    """A mapping names each target once, the organisation's name, and for contacts their
    last name; otherwise raises ValidationError."""
    if len(mapping) != len(header):
        raise ValidationError(_("The column mapping does not fit the file. Please map again."))
    used = [k for k in mapping if k]
    unknown = [k for k in used if k not in m.TARGETS_BY_KEY]
    if unknown:
        raise ValidationError(_("Unknown target: %(keys)s") % {"keys": ", ".join(unknown)})
    twice = sorted({str(m.TARGETS_BY_KEY[k].label) for k in used if used.count(k) > 1})
    if twice:
        raise ValidationError(
            _("Each target may be chosen for one column only: %(targets)s")
            % {"targets": "; ".join(twice)}
        )
    if "name" not in used:
        raise ValidationError(_("Please choose the column that holds the organisation's name."))
    person = [k for k in used if m.TARGETS_BY_KEY[k].entity == m.PERSON]
    if person and not {"first_name", "last_name"} <= set(person):
        raise ValidationError(
            _("For contacts, please choose the columns of the first and the last name.")
        )


def _rows(table: Table, mapping: list[str]) -> list[Row]:
    rows = []
    for line, cells in table.rows:
        row = Row(line=line, organisation={}, person={}, columns={})
        for column, key, value in zip(table.header, mapping, cells, strict=True):
            if not key:
                continue
            target = m.TARGETS_BY_KEY[key]
            values = row.organisation if target.entity == m.ORGANISATION else row.person
            values[target.field] = value
            row.columns[(target.entity, target.field)] = column
        rows.append(row)
    return rows


def _parse(row: Row) -> tuple[dict[str, Any], dict[str, Any], list[RowError]]:
    """The row's values as the services take them, or the errors of its cells."""
    errors: list[RowError] = []

    def error(entity: str, name: str, message: str) -> None:
        errors.append(RowError(row.line, row.columns.get((entity, name), ""), message))

    org: dict[str, Any] = {}
    for name, value in row.organisation.items():
        if not value:
            continue
        if name in _INTEGER_FIELDS:
            digits = value.replace(".", "").replace(" ", "")
            if not digits.isdigit():
                error(
                    m.ORGANISATION, name, _("“%(value)s” is not a whole number.") % {"value": value}
                )
                continue
            org[name] = int(digits)
        elif name == "kind":
            kind = m.kind_value(value)
            if kind is None:
                error(
                    m.ORGANISATION,
                    name,
                    _("“%(value)s” is not a kind of organisation. Possible: %(choices)s")
                    % {
                        "value": value,
                        "choices": ", ".join(str(c.label) for c in OrganisationKind),
                    },
                )
                continue
            org[name] = kind
        else:
            org[name] = value
    if not org.get("name"):
        error(m.ORGANISATION, "name", _("The organisation's name is missing."))
    person: dict[str, Any] = {}
    if row.has_person:
        for name, value in row.person.items():
            if name == "role":
                role = m.role_value(value) if value else AffiliationRole.CONTACT
                if role is None:
                    error(
                        m.PERSON,
                        name,
                        _("“%(value)s” is not a role. Possible: %(choices)s")
                        % {
                            "value": value,
                            "choices": ", ".join(str(c.label) for c in AffiliationRole),
                        },
                    )
                    continue
                person[name] = role
            elif value:
                person[name] = value
        person.setdefault("role", AffiliationRole.CONTACT)
    return org, person, errors


def _errors_of(exc: ValidationError, row: Row, entity: str) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        out: list[RowError] = []
        for name, messages in exc.message_dict.items():
            column = row.columns.get((entity, name), "")
            out.extend(RowError(row.line, column, msg) for msg in messages)
        return out
    return [RowError(row.line, "", msg) for msg in exc.messages]


class _Matcher:
    """The organisations in the database by normalised name and register number."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Organisation]] = {}
        self.by_register: dict[str, list[Organisation]] = {}
        for org in Organisation.objects.only("pk", "name", "register_number").order_by("pk"):
            self.by_name.setdefault(m.name_key(org.name), []).append(org)
            if org.register_number:
                self.by_register.setdefault(m.register_key(org.register_number), []).append(org)

    def find(self, name: str, register: str) -> list[Organisation]:
        found = (
            {o.pk: o for o in self.by_register.get(m.register_key(register), [])}
            if register
            else {}
        )
        for o in self.by_name.get(m.name_key(name), []):
            found.setdefault(o.pk, o)
        return list(found.values())


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


@transaction.atomic
def import_rows(
    *,
    actor: Actor,
    table: Table,
    mapping: list[str],
    decisions: Mapping[str, str] | None = None,
    dry_run: bool,
) -> ImportResult:
    """Import `table` as `mapping` says; the dry run rolls back. Each organisation's rows
    run in a savepoint, so one bad row still lets the preview check all the others."""
    mapping_check(mapping, table.header)
    # The preview (team members may look at it too) shows what applying would do; nothing
    # of it is kept, so its writes run as the software. Applying writes as the actor, whom
    # the organisation services check (coordinators create and change every field).
    writer: Actor = IMPORT_PREVIEW if dry_run else actor
    decisions = decisions or {}
    errors: list[RowError] = []
    groups: list[Group] = []
    by_name: dict[str, Group] = {}
    by_register: dict[str, Group] = {}
    parsed: dict[int, tuple[dict, dict]] = {}
    invalid: list[Row] = []
    matcher = _Matcher()
    for row in _rows(table, mapping):
        org, person, row_errors = _parse(row)
        if row_errors:
            errors.extend(row_errors)
            invalid.append(row)
            continue
        parsed[row.line] = (org, person)
        name_key = m.name_key(org["name"])
        register_key = m.register_key(org.get("register_number", ""))
        group = (by_register.get(register_key) if register_key else None) or by_name.get(name_key)
        if group is None:
            key = f"r:{register_key}" if register_key else f"n:{name_key}"
            group = Group(index=len(groups), key=key, name=org["name"])
            groups.append(group)
        elif register_key and group.key.startswith("r:") and group.key != f"r:{register_key}":
            errors.append(
                RowError(
                    row.line,
                    row.columns.get((m.ORGANISATION, "register_number"), ""),
                    _(
                        "Row %(line)s names the same organisation with another register "
                        "number. Which one is right?"
                    )
                    % {"line": group.rows[0].line},
                )
            )
            invalid.append(row)
            continue
        by_name.setdefault(name_key, group)
        if register_key:
            by_register.setdefault(register_key, group)
        group.rows.append(row)

    for group in groups:
        first_org = parsed[group.rows[0].line][0]
        found = matcher.find(first_org["name"], first_org.get("register_number", ""))
        if len(found) > 1:
            errors.append(
                RowError(
                    group.rows[0].line,
                    "",
                    _("The organisation matches several saved ones: %(names)s")
                    % {"names": "; ".join(o.name for o in found)},
                )
            )
            group.action = Action.ERROR
            continue
        group.existing = found[0] if found else None
        decision = decisions.get(group.key, Decision.MERGE)
        group.decision = Decision(decision) if decision in Decision.values else Decision.MERGE
        try:
            with transaction.atomic():
                _import_group(writer, group, parsed)
        except ValidationError as exc:
            group.action = Action.ERROR
            errors.extend(
                getattr(exc, "row_errors", None) or _errors_of(exc, group.rows[0], m.ORGANISATION)
            )

    counts = dict.fromkeys(COUNT_KEYS, 0)
    for group in groups:
        if group.action and group.action in _ORG_COUNT:
            counts[f"organisations_{_ORG_COUNT[group.action]}"] += 1
        for row in group.rows:
            if row.skipped:
                counts["rows_skipped"] += 1
            elif row.contact_action == "created":
                counts["people_created"] += 1
            else:
                counts["people_updated"] += "updated" in row.contact_action
                counts["roles_added"] += "role_added" in row.contact_action
    errors.sort(key=lambda e: e.line)
    result = ImportResult(
        groups=groups, errors=errors, counts=counts, dry_run=dry_run, invalid=invalid
    )
    if dry_run or errors:
        transaction.set_rollback(True)
    return result


_ORG_COUNT = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.UNCHANGED: "unchanged",
    Action.SKIP: "skipped",
}


class _RowFailed(ValidationError):
    def __init__(self, row_errors: list[RowError]):
        super().__init__([str(e) for e in row_errors])
        self.row_errors = row_errors


def _import_group(actor: Actor, group: Group, parsed: dict[int, tuple[dict, dict]]) -> None:
    rows = group.rows
    if group.decision == Decision.SKIP:
        duplicates = rows if group.existing is not None else rows[1:]
        for row in duplicates:
            row.skipped = True
        rows = [r for r in rows if not r.skipped]
        if not rows:
            group.action = Action.SKIP
            group.organisation_pk = group.existing.pk if group.existing else None
            return
    # The organisation's values: the first non-empty value of each field, and the row it
    # came from (its column is named if the service refuses the value).
    values: dict[str, Any] = {}
    source: dict[str, Row] = {}
    for row in rows:
        for name, value in parsed[row.line][0].items():
            if name not in values:
                values[name] = value
                source[name] = row
    try:
        if group.existing is None:
            values.setdefault("kind", OrganisationKind.ASSOCIATION)
            organisation = organisation_create(
                actor=actor, fields=OrganisationFields.from_values(values)
            )
            group.action = Action.CREATE
        else:
            organisation = Organisation.objects.get(pk=group.existing.pk)
            data = {
                name: value
                for name, value in values.items()
                if name in STAFF_EDITABLE
                and getattr(organisation, name) != value
                and (group.decision == Decision.UPDATE or _is_empty(getattr(organisation, name)))
            }
            if data:
                organisation = organisation_update(
                    actor=actor,
                    organisation=organisation,
                    changes=OrganisationFields.from_values(data),
                )
                group.action = Action.UPDATE
                group.changed = [
                    str(cast(models.Field, Organisation._meta.get_field(name)).verbose_name)
                    for name in data
                ]
            else:
                group.action = Action.UNCHANGED
    except ValidationError as exc:
        row_errors: list[RowError] = []
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                row = source.get(name, rows[0])
                column = row.columns.get((m.ORGANISATION, name), "")
                row_errors.extend(RowError(row.line, column, msg) for msg in messages)
        else:
            row_errors = [RowError(rows[0].line, "", msg) for msg in exc.messages]
        raise _RowFailed(row_errors) from exc
    group.organisation_pk = organisation.pk
    contact_errors: list[RowError] = []
    for row in rows:
        person = parsed[row.line][1]
        if not person:
            continue
        try:
            with transaction.atomic():
                row.contact_action = _import_contact(actor, organisation, person, group.decision)
        except ValidationError as exc:
            row.contact_action = "error"
            contact_errors.extend(_errors_of(exc, row, m.PERSON))
    if contact_errors:
        raise _RowFailed(contact_errors)


def _import_contact(
    actor: Actor, organisation: Organisation, values: dict[str, Any], decision: Decision
) -> str:
    role = values["role"]
    fields = {k: v for k, v in values.items() if k != "role"}
    person = _find_person(organisation, fields)
    if person is None:
        person_create(actor=actor, organisation=organisation, role=role, **fields)
        return "created"
    data = {
        name: value
        for name, value in fields.items()
        if name in ("email", "phone")
        and getattr(person, name) != value
        and (decision == Decision.UPDATE or not getattr(person, name))
    }
    outcome = []
    if data:
        person_update(actor=actor, person=person, changes=PersonFields.from_values(data))
        outcome.append("updated")
    if not Affiliation.objects.filter(person=person, organisation=organisation, role=role).exists():
        affiliation_add(actor=actor, person=person, organisation=organisation, role=role)
        outcome.append("role_added")
    return "_".join(outcome) or "unchanged"


def _find_person(organisation: Organisation, fields: dict) -> Person | None:
    """The same person: the same e-mail address, or the same name among the organisation's
    contacts (past or present). Erased people are never found again."""
    people: QuerySet[Person] = Person.objects.active()
    email = fields.get("email", "")
    if email:
        person = people.filter(email__iexact=email).order_by("pk").first()
        if person is not None:
            return person
    key = m.person_key(fields.get("first_name", ""), fields.get("last_name", ""))
    for person in people.filter(affiliations__organisation=organisation).distinct().order_by("pk"):
        if m.person_key(person.first_name, person.last_name) == key:
            return person
    return None


@transaction.atomic
def import_apply(
    *,
    actor: Actor,
    table: Table,
    mapping: list[str],
    decisions: Mapping[str, str] | None,
    digest: str,
) -> tuple[ImportRun, ImportResult]:
    """Apply the import, all or nothing: raises ImportFailed (nothing written) when a row
    fails, otherwise records the run and audits it as `import.apply`."""
    result = import_rows(
        actor=actor, table=table, mapping=mapping, decisions=decisions, dry_run=False
    )
    if not result.ok:
        raise ImportFailed(result)
    run = ImportRun.objects.create(digest=digest, imported_by=user_of(actor), counts=result.counts)
    audit_record(
        actor=actor,
        action="import.apply",
        target=run,
        changes={key: [None, value] for key, value in result.counts.items()},
    )
    return run, result
