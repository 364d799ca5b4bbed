"""Writes for organisations and people. Views call these; each runs in a transaction and audits.

The services take their fields as frozen dataclasses (`organisations/changes.py`) and decide
from the actor what it may change: a view never passes in a list of allowed fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, acting_user, can
from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.lib.admin import admin_log_scrub
from vereinsforum.lib.translated import clean_translations
from vereinsforum.organisations.changes import UNSET, OrganisationFields, PersonFields, Unset
from vereinsforum.organisations.models import (
    Affiliation,
    AffiliationRole,
    Language,
    Organisation,
    Person,
    Verification,
)
from vereinsforum.organisations.scoping import STAFF_EDITABLE, editable_organisation_fields


def _editable_fields(actor: Actor, organisation: Organisation) -> tuple[str, ...]:
    """What `actor` may change on `organisation`, decided here and not by the caller: the
    software (the demo, a command) all of it, a user by their role and scope."""
    if isinstance(actor, SystemActor):
        return STAFF_EDITABLE
    user = user_of(actor)
    if user is None:
        raise PermissionDenied
    return editable_organisation_fields(user, organisation)


def _may_create_organisations(actor: Actor) -> bool:
    if isinstance(actor, SystemActor):
        return True
    user = user_of(actor)
    return user is not None and acting_user(user) and user.role == Role.COORDINATOR


@transaction.atomic
def organisation_create(
    *, actor: Actor, fields: OrganisationFields, languages: Iterable[Language] = ()
) -> Organisation:
    """Create an organisation: coordinators (and the software: the demo, a set-up step)."""
    if not _may_create_organisations(actor):
        raise PermissionDenied
    values = fields.given()
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    organisation.languages.set(languages)
    audit_record(
        actor=actor,
        action="organisation.create",
        target=organisation,
        changes=diff({}, snapshot(organisation, values.keys())),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    changes: OrganisationFields,
    languages: Iterable[Language] | None = None,
) -> Organisation:
    """Change the fields given in `changes` (and the languages, unless None). What the actor
    may change comes from the actor: PermissionDenied if they may not edit the organisation,
    ValidationError naming the fields they may not change (a representative and the
    verification, say)."""
    data = changes.given()
    refused = set(data) - set(_editable_fields(actor, organisation))
    if refused:
        raise ValidationError(
            _("You may not change these fields: %(fields)s")
            % {"fields": ", ".join(sorted(refused))}
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if data.get("parent") is not None:
        _check_no_cycle(organisation, data["parent"])
    before = snapshot(organisation, data.keys())
    before_langs = sorted(organisation.languages.values_list("code", flat=True))
    for key, value in data.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    audited = diff(before, snapshot(organisation, data.keys()))
    if languages is not None:
        organisation.languages.set(languages)
        after_langs = sorted(lang.code for lang in languages)
        if after_langs != before_langs:
            audited["languages"] = [before_langs, after_langs]
    if audited:
        audit_record(
            actor=actor, action="organisation.update", target=organisation, changes=audited
        )
    return organisation


def _check_no_cycle(organisation: Organisation, parent: Organisation) -> None:
    node: Organisation | None = parent
    while node is not None:
        if node.pk == organisation.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot be part of itself or of one of its units.")}
            )
        node = node.parent


@transaction.atomic
def organisation_verify(
    *, actor: Actor, organisation: Organisation, status: Verification | str
) -> Organisation:
    if status not in Verification.values:
        raise ValidationError(_("Unknown verification status."))
    return organisation_update(
        actor=actor,
        organisation=organisation,
        changes=OrganisationFields(verification=Verification(status)),
    )


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    first_name: str,
    last_name: str,
    email: str | Literal[Unset.UNSET] = UNSET,
    phone: str | Literal[Unset.UNSET] = UNSET,
    preferred_language: str | Literal[Unset.UNSET] = UNSET,
    organisation: Organisation | None = None,
    role: AffiliationRole | str = "",
    start: date | None = None,
) -> Person:
    """Create a contact; with `organisation` and `role`, also their affiliation, in one
    transaction, so a contact added from an association's page never ends up unattached.
    A field left UNSET keeps the model's default and is not named in the audit entry."""
    if organisation is not None and not role:
        raise ValidationError({"role": _("Please choose the person's role in the organisation.")})
    values = PersonFields(
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        preferred_language=preferred_language,
    ).given()
    person = Person(**values)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="person.create",
        target=person,
        target_repr=f"Person #{person.pk}",
        changes=diff({}, snapshot(person, values.keys()), personal=Person.PERSONAL_FIELDS),
    )
    if organisation is not None:
        affiliation_add(
            actor=actor, person=person, organisation=organisation, role=role, start=start
        )
    return person


def _may_edit_person(actor: Actor, person: Person) -> bool:
    """Coordinators everyone, a representative the current contacts of their association,
    everyone themselves (organisations/scoping.py `person_filter`); the software anyone."""
    if isinstance(actor, SystemActor):
        return True
    user = user_of(actor)
    return user is not None and can(user, EDIT, person)


@transaction.atomic
def person_update(*, actor: Actor, person: Person, changes: PersonFields) -> Person:
    """Change the fields given in `changes`; PermissionDenied for a person the actor may not
    edit, ValidationError once the person has been erased."""
    if not _may_edit_person(actor, person):
        raise PermissionDenied
    data = changes.given()
    # Checked on the locked row, not the caller's copy: it may predate an erasure.
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.pseudonymised_at:
        raise ValidationError(_("This person has been erased and can no longer be changed."))
    before = snapshot(person, data.keys())
    for key, value in data.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audited = diff(before, snapshot(person, data.keys()), personal=Person.PERSONAL_FIELDS)
    if audited:
        audit_record(
            actor=actor,
            action="person.update",
            target=person,
            target_repr=f"Person #{person.pk}",
            changes=audited,
        )
    return person


@transaction.atomic
def person_pseudonymise(*, actor: Actor, person: Person) -> Person:
    """Erase a person's personal data. Counts stay: they live on organisations and rows
    that point at the person, never on the person's name.

    Beyond the person's row and account, every app erases its copies: an AppConfig may
    define `erase_person(*, person, account, terms)`, where `terms` are the names and
    addresses as they were (events: the outbox and its mail files; oparl: the notes of the
    publication basis). The admin's history loses the name too. The audit log needs
    nothing: it never records a name (audit/services.py)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.pseudonymised_at:
        return person
    if getattr(actor, "person_id", None) == person.pk:
        raise ValidationError(
            _("You cannot erase your own data while logged in. Please ask another coordinator.")
        )
    account = getattr(person, "account", None)
    terms = _identifying_terms(person, account)
    # Their roles are named in the admin's history as "First Last – Chair – Anadolu e.V.".
    logged = [person, *person.affiliations.all()]
    # Language-neutral placeholders: full_name shows "Erased person #id" in every language.
    person.first_name = "–"
    person.last_name = f"#{person.pk}"
    person.email = ""
    person.phone = ""
    person.pseudonymised_at = timezone.now()
    person.save()
    if account is not None:
        logged.append(account)
        old_username = account.get_username()
        account.is_active = False
        # The username may be a name, and it is what the audit log shows for the actor.
        account.username = f"erased-{account.pk}"
        account.email = ""
        account.first_name = ""
        account.last_name = ""
        account.set_unusable_password()
        account.save()
        _forget_login_records(old_username, account.username)
    for config in django_apps.get_app_configs():
        erase = getattr(config, "erase_person", None)
        if erase is not None:
            erase(person=person, account=account, terms=terms)
    admin_log_scrub(objects=logged, terms=terms)
    audit_record(actor=actor, action="person.pseudonymise", target=person)
    return person


def _identifying_terms(person: Person, account: Any) -> list[str]:
    """What would find the person in a copy: the full name and every address. Not the
    first or last name alone: erasing every mail that says "Ali" would erase others'."""
    terms = [f"{person.first_name} {person.last_name}".strip(), person.email]
    if account is not None:
        terms.append(account.email)
        terms.append(f"{account.first_name} {account.last_name}".strip())
    return sorted({t for t in terms if t})


def _forget_login_records(old_username: str, new_username: str) -> None:
    """django-axes keeps the username of every login and failed attempt; it may be a name.
    The open failure counters go (their request data repeats it); the logs are relabelled."""
    if not django_apps.is_installed("axes"):
        return
    django_apps.get_model("axes", "AccessAttempt").objects.filter(username=old_username).delete()
    for name in ("AccessLog", "AccessFailureLog"):
        django_apps.get_model("axes", name).objects.filter(username=old_username).update(
            username=new_username
        )


@transaction.atomic
def affiliation_add(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    role: str,
    start: date | None = None,
    end: date | None = None,
) -> Affiliation:
    if Person.objects.filter(pk=person.pk, pseudonymised_at__isnull=False).exists():
        raise ValidationError(_("This person has been erased and can no longer be changed."))
    existing = Affiliation.objects.filter(person=person, organisation=organisation, role=role)
    if role and existing.exists():
        earlier = existing.get()
        label = AffiliationRole(role).label if role in AffiliationRole.values else role
        if earlier.end:
            raise ValidationError(
                _(
                    "%(person)s held the role “%(role)s” in %(org)s until %(end)s. "
                    "The earlier entry is kept; a role cannot be recorded twice."
                )
                % {
                    "person": person.full_name,
                    "role": label,
                    "org": organisation,
                    "end": date_format(earlier.end, "SHORT_DATE_FORMAT"),
                }
            )
        raise ValidationError(
            _("In %(org)s, %(person)s already has the role “%(role)s”.")
            % {"person": person.full_name, "role": label, "org": organisation}
        )
    affiliation = Affiliation(
        person=person, organisation=organisation, role=role, start=start, end=end
    )
    affiliation.full_clean()
    affiliation.save()
    audit_record(
        actor=actor,
        action="affiliation.add",
        target=affiliation,
        target_repr=f"Person #{person.pk} – {organisation}",
        changes={
            "role": [None, role],
            "organisation": [None, organisation.pk],
            "start": [None, start.isoformat() if start else None],
            "end": [None, end.isoformat() if end else None],
        },
    )
    return affiliation


@transaction.atomic
def affiliation_end(*, actor: Actor, affiliation: Affiliation, end: date) -> Affiliation:
    """Record that a person left a role. The row stays, so the history of who held which
    role is kept; ending it again only moves the date. Allowed for erased persons too:
    it changes the organisation's records, not the person's data."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.start and end < affiliation.start:
        raise ValidationError(
            {
                "end": _("The end cannot be before the start (%(start)s).")
                % {"start": date_format(affiliation.start, "SHORT_DATE_FORMAT")}
            }
        )
    before = affiliation.end
    if before == end:
        return affiliation
    affiliation.end = end
    affiliation.full_clean()
    affiliation.save(update_fields=["end"])
    audit_record(
        actor=actor,
        action="affiliation.end",
        target=affiliation,
        target_repr=f"Person #{affiliation.person_id} – {affiliation.organisation}",
        changes={"end": [before.isoformat() if before else None, end.isoformat()]},
    )
    return affiliation


# ---- languages ------------------------------------------------------------------------------

#: ISO 639-1 (or -2/-3) codes, optionally with a region or script: "tr", "ckb", "pt-br".
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,4})?")
LANGUAGE_FIELDS = ("name", "name_i18n")


@transaction.atomic
def language_create(
    *, actor: Actor, code: str, name: str, name_i18n: Mapping[str, str] | None = None
) -> Language:
    code = code.strip().lower()
    errors: dict[str, list[str]] = {}
    if not _LANGUAGE_CODE.fullmatch(code):
        errors["code"] = [
            _("Please enter the language's ISO 639 code in small letters, e.g. “tr” for Turkish.")
        ]
    elif Language.objects.filter(code=code).exists():
        errors["code"] = [_("The language “%(code)s” already exists.") % {"code": code}]
    language = Language(code=code)
    try:
        _set_language_names(language, name=name, name_i18n=name_i18n)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    language.save()
    audit_record(
        actor=actor,
        action="language.create",
        target=language,
        changes=diff({}, snapshot(language, LANGUAGE_FIELDS)),
    )
    return language


@transaction.atomic
def language_update(
    *, actor: Actor, language: Language, name: str, name_i18n: Mapping[str, str] | None = None
) -> Language:
    language = Language.objects.select_for_update().get(pk=language.pk)
    before = snapshot(language, LANGUAGE_FIELDS)
    _set_language_names(language, name=name, name_i18n=name_i18n)
    language.save()
    changes = diff(before, snapshot(language, LANGUAGE_FIELDS))
    if changes:
        audit_record(actor=actor, action="language.update", target=language, changes=changes)
    return language


@transaction.atomic
def language_delete(*, actor: Actor, language: Language) -> None:
    """Remove a language nothing records. Deleting one in use would silently take it off the
    associations, events and interviews that name it."""
    language = Language.objects.select_for_update().get(pk=language.pk)
    uses: list[str] = []
    if n := language.organisations.count():
        uses.append(ngettext("%(count)s organisation", "%(count)s organisations", n) % {"count": n})
    if n := language.events.count():
        uses.append(ngettext("%(count)s event", "%(count)s events", n) % {"count": n})
    if n := language.needs_interviews.count():
        uses.append(ngettext("%(count)s interview", "%(count)s interviews", n) % {"count": n})
    if uses:
        raise ValidationError(
            _("“%(name)s” is still recorded (%(uses)s) and cannot be removed.")
            % {"name": language.name, "uses": ", ".join(uses)}
        )
    audit_record(
        actor=actor,
        action="language.delete",
        target=language,
        changes=diff(snapshot(language, LANGUAGE_FIELDS), dict.fromkeys(LANGUAGE_FIELDS)),
    )
    language.delete()


def _set_language_names(
    language: Language, *, name: str, name_i18n: Mapping[str, str] | None
) -> None:
    language.name = name.strip()
    if not language.name:
        raise ValidationError({"name": _("Please enter the language's name.")})
    try:
        language.name_i18n = clean_translations(dict(name_i18n or {}))
    except ValidationError as exc:
        raise ValidationError({"name_i18n": exc.messages}) from exc
    language.full_clean(exclude=["code"] if language._state.adding else None)
