"""Everything Vereinsforum holds about one person (Art. 15 GDPR), from every app.

Two ways in, so nothing is missed:
- generically, every row of every model with a foreign key (or one-to-one) to the person or
  to their account, with all its fields;
- through `AppConfig.subject_data(*, person, account) -> list[Section]`, for what no key
  leads to: mail addressed to them by address, audit entries about their records. The
  privacy app answers for the audit log and the outbox here (their owners have no hook).

Other people stay out: a key to another person or account reads "Person #12", and
secrets (passwords, tokens, codes, keys) are withheld.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vereinsforum.organisations.models import Person

#: Field names whose values are secrets of the system, not data about the person.
SECRET_FIELDS = {
    "password",
    "token",
    "code",
    "key",
    "bin_key",
    "session_key",
    "session_data",
    "hash",
    "prefix",
}
#: Models the generic pass leaves to a hook or leaves out (the hook shows them better).
SKIPPED_MODELS = {"audit.auditentry", "sessions.session"}


@dataclass
class Row:
    ref: str
    values: list[tuple[str, Any]]


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


def _person_models() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Each model with its fields that lead to a person or an account."""
    user_model = django_apps.get_model("accounts", "User")
    out = []
    for model in django_apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        keys = [
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in (Person, user_model)
        ]
        if keys:
            out.append((model, keys))
    return out


def _value(obj: models.Model, f: models.Field, person: Person, account: Any) -> Any:
    if f.name in SECRET_FIELDS or f.attname in SECRET_FIELDS:
        return _("(withheld: security credential)")
    if f.is_relation:
        pk = getattr(obj, f.attname)
        if pk is None:
            return None
        if f.related_model is Person:
            return person.full_name if pk == person.pk else f"Person #{pk}"
        if f.related_model is django_apps.get_model("accounts", "User"):
            if account is not None and pk == account.pk:
                return account.get_username()
            return f"User #{pk}"
        return str(getattr(obj, f.name))
    value = getattr(obj, f.attname)
    if f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def _row(obj: models.Model, person: Person, account: Any) -> Row:
    values = [
        (capfirst(str(f.verbose_name)), _value(obj, f, person, account))
        for f in obj._meta.concrete_fields
        if not f.primary_key
    ]
    return Row(f"{capfirst(str(obj._meta.verbose_name))} #{obj.pk}", values)


def _generic(person: Person, account: Any) -> list[Section]:
    sections = []
    for model, keys in _person_models():
        match = models.Q()
        for f in keys:
            if f.related_model is Person:
                match |= models.Q(**{f.attname: person.pk})
            elif account is not None:
                match |= models.Q(**{f.attname: account.pk})
        if not match:
            continue
        rows = [_row(obj, person, account) for obj in model._default_manager.filter(match)]
        if rows:
            sections.append(
                Section(
                    model._meta.label,
                    f"{capfirst(str(model._meta.app_config.verbose_name))}: "
                    f"{capfirst(str(model._meta.verbose_name_plural))}",
                    rows,
                )
            )
    return sections


def _person_section(person: Person) -> Section:
    return Section(
        "organisations.Person",
        capfirst(str(Person._meta.verbose_name)),
        [_row(person, person, None)],
    )


def _from_hooks(person: Person, account: Any) -> list[Section]:
    out: list[Section] = []
    for config in django_apps.get_app_configs():
        hook = getattr(config, "subject_data", None)
        if hook is not None:
            out.extend(hook(person=person, account=account))
    return out


def subject_data(person: Person) -> list[Section]:
    account = getattr(person, "account", None)
    return [_person_section(person), *_generic(person, account), *_from_hooks(person, account)]


def as_json(person: Person, sections: list[Section]) -> str:
    document = {
        "subject": {"id": person.pk, "name": person.full_name},
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "legal_basis": "Art. 15 GDPR",
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "rows": [{"ref": r.ref, "values": dict(r.values)} for r in s.rows],
            }
            for s in sections
        ],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# ---- what the privacy app answers for: the audit log and the outbox by address -------------


def audit_sections(*, person: Person, account: Any) -> list[Section]:
    from vereinsforum.audit.models import AuditEntry
    from vereinsforum.events.models import OutboxMessage

    targets = models.Q(target_type="organisations.person", target_id=str(person.pk))
    targets |= models.Q(
        target_type="organisations.affiliation",
        target_id__in=[str(pk) for pk in person.affiliations.values_list("pk", flat=True)],
    )
    targets |= models.Q(
        target_type="privacy.consent",
        target_id__in=[str(pk) for pk in person.consents.values_list("pk", flat=True)],
    )
    targets |= models.Q(
        target_type="events.registration",
        target_id__in=[str(pk) for pk in person.event_registrations.values_list("pk", flat=True)],
    )
    if hasattr(person, "publication_basis"):
        targets |= models.Q(
            target_type="oparl.publicationbasis", target_id=str(person.publication_basis.pk)
        )
    if account is not None:
        targets |= models.Q(target_type="accounts.user", target_id=str(account.pk))
    about = AuditEntry.objects.filter(targets).order_by("at", "pk")
    sections = [
        Section(
            "audit.about",
            _("Audit log: changes to their records"),
            [_audit_row(e) for e in about],
        )
    ]
    if account is not None:
        done = AuditEntry.objects.filter(actor=account).order_by("at", "pk")
        sections.append(
            Section("audit.by", _("Audit log: changes they made"), [_audit_row(e) for e in done])
        )
    addresses = {a for a in (person.email, getattr(account, "email", "")) if a}
    if addresses:
        by_address = OutboxMessage.objects.filter(to_email__in=addresses).exclude(person=person)
        rows = [_row(m, person, account) for m in by_address]
        if rows:
            sections.append(
                Section("events.OutboxMessage.address", _("E-mail to their address"), rows)
            )
    return [s for s in sections if s.rows]


def _audit_row(entry) -> Row:
    return Row(
        f"#{entry.pk}",
        [
            (_("At"), timezone.localtime(entry.at).isoformat(timespec="minutes")),
            (_("Action"), entry.action),
            (_("Object"), entry.target_repr),
            (_("Changes"), json.dumps(entry.changes, ensure_ascii=False, cls=DjangoJSONEncoder)),
        ],
    )
