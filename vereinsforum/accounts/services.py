"""Writes for accounts: invitations, activation, roles, deactivation, the first coordinator.

Coordinators manage accounts in the app (accounts/views.py); nothing here needs the admin.
Every step is audited, labelled "User #id": a username may be a name or an e-mail address,
and the log is append-only, so it never records one (nor a person's name or address).

An account is invited before it can log in: it has an unusable password until the invitee
opens the one-time link (accounts/tokens.py) and sets one. The login name is the e-mail
address unless the invitee chooses another on that page.
"""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import ORGANISATION_ROLES, Role, User
from vereinsforum.accounts.tokens import INVITATION_VALID, invitation_token
from vereinsforum.audit.services import audit_record
from vereinsforum.events.models import MailKind
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.models import (
    AffiliationRole,
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.organisations.services import affiliation_add, person_create

#: What the outbox files the invitation under (events.models.OutboxMessage.kind).
INVITATION_MAIL_KIND = MailKind.ACCOUNT_INVITE


# ---- invitation ---------------------------------------------------------------------------


@transaction.atomic
def account_invite(
    *,
    actor: User,
    role: str,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    preferred_language: str = "de",
    organisation: Organisation | None = None,
    affiliation_role: str = "",
) -> User:
    """Invite `person` (or a new person with these names and e-mail address) to `role`.

    Representatives and service providers act for `organisation`, which needs a current
    role of the person there (accounts/scoping.py `acting_user`): one they hold, or one
    recorded now with `affiliation_role`. The invitation e-mail goes out with the commit.
    """
    _require_coordinator(actor)
    _check_role(role)
    if person is None:
        if not (first_name.strip() and last_name.strip() and email.strip()):
            raise ValidationError(
                _("Please choose a person, or enter the first name, last name and e-mail address.")
            )
        _check_address_free(email)
        _check_organisation(role=role, organisation=organisation, person=None)
        if organisation is not None and not affiliation_role:
            raise ValidationError({"affiliation_role": _new_role_needed(organisation)})
        person = person_create(
            actor=actor,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            preferred_language=preferred_language,
            organisation=organisation,
            role=affiliation_role,
            start=timezone.localdate() if organisation is not None else None,
        )
    else:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.pseudonymised_at:
            raise ValidationError(_("This person has been erased and can no longer be changed."))
        if User.objects.filter(person=person).exists():
            raise ValidationError(
                {"person": _("This person has an account already. Change its role instead.")}
            )
        if not person.email:
            raise ValidationError(
                {
                    "person": _(
                        "This person has no e-mail address. Add one on the person's page first."
                    )
                }
            )
        _check_address_free(person.email)
        _check_organisation(role=role, organisation=organisation, person=person)
        _affiliate_if_needed(
            actor=actor, person=person, organisation=organisation, role=affiliation_role
        )
    user = User(
        username=_login_name(person.email),
        email=person.email.strip(),
        first_name=person.first_name,
        last_name=person.last_name,
        role=role,
        acting_for=organisation if role in ORGANISATION_ROLES else None,
        person=person,
        is_active=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="account.invite",
        target=user,
        changes={"role": [None, role], "acting_for": [None, user.acting_for_id]},
    )
    _invitation_mail(user)
    return user


@transaction.atomic
def account_invitation_resend(*, actor: User, user: User) -> User:
    """A new link; the one sent before stops working (its account state is gone)."""
    _require_coordinator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("This account is deactivated. Reactivate it first."))
    if user.has_usable_password():
        raise ValidationError(
            _(
                "This account has been set up already. Its owner can reset a forgotten "
                "password on the login page."
            )
        )
    if not user.email:
        raise ValidationError(_("This account has no e-mail address to send the invitation to."))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="account.invitation_resend", target=user)
    _invitation_mail(user)
    return user


def invitation_is_pending(user: User) -> bool:
    """Invited, not yet activated: the account has no password of its own."""
    return user.is_active and not user.has_usable_password()


@transaction.atomic
def account_activate(*, user: User, token: str, username: str, password: str) -> User:
    """The invitee's first password, and the login name they keep (the e-mail address
    unless they choose another). The link works once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not (invitation_is_pending(user) and invitation_token.check_token(user, token)):
        raise ValidationError(
            _(
                "This invitation link is no longer valid. Please ask the coordination "
                "for a new invitation."
            ),
            code="invalid_link",
        )
    username = username.strip()
    try:
        user.username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from exc
    if not username or len(username) > 150:
        raise ValidationError({"username": _("Please choose a login name of 1 to 150 characters.")})
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        raise ValidationError({"username": _("This login name is taken. Please choose another.")})
    user.username = username
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save(update_fields=["username", "password"])
    audit_record(actor=user, action="account.activate", target=user)
    return user


def invitation_user(uidb64: str) -> User | None:
    """The account an invitation link names (by its encoded id), or None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk).select_related("person", "acting_for").first()


# ---- roles and deactivation -----------------------------------------------------------------


@transaction.atomic
def account_role_change(
    *,
    actor: User,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    affiliation_role: str = "",
) -> User:
    """Another role, or another organisation to act for. An interviewer who becomes
    something else loses their assignments (audited), so that they do not come back
    unnoticed with a later change back."""
    _check_not_self(actor, user)
    _check_role(role)
    _lock_coordinators(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if role in ORGANISATION_ROLES and user.person_id is None:
        raise ValidationError(
            _(
                "This account belongs to no person, so it cannot act for an organisation. "
                "Invite the person instead."
            )
        )
    person = user.person if role in ORGANISATION_ROLES else None
    _check_organisation(role=role, organisation=organisation, person=person)
    acting_for = organisation if role in ORGANISATION_ROLES else None
    before = {"role": user.role, "acting_for": user.acting_for_id}
    after = {"role": role, "acting_for": acting_for.pk if acting_for else None}
    if before == after:
        return user
    _affiliate_if_needed(actor=actor, person=person, organisation=acting_for, role=affiliation_role)
    if user.role == Role.INTERVIEWER and role != Role.INTERVIEWER:
        from vereinsforum.programmes.models import InterviewerAssignment
        from vereinsforum.programmes.team_services import interviewer_unassign

        for assignment in InterviewerAssignment.objects.filter(interviewer=user):
            interviewer_unassign(actor=actor, assignment=assignment)
    user.role = role
    user.acting_for = acting_for
    user.full_clean()
    user.save(update_fields=["role", "acting_for"])
    audit_record(
        actor=actor,
        action="account.role_change",
        target=user,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return user


@transaction.atomic
def account_deactivate(*, actor: User, user: User) -> User:
    """No more logins, from the next request on (Django refuses inactive accounts' sessions).
    The account and everything it did stay; it can be reactivated."""
    _check_not_self(actor, user)
    _lock_coordinators(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    fields = ["is_active"]
    if not user.has_usable_password():
        # An invitation still open dies for good: reactivating must not revive the link.
        user.set_unusable_password()
        fields.append("password")
    user.save(update_fields=fields)
    audit_record(
        actor=actor, action="account.deactivate", target=user, changes={"is_active": [True, False]}
    )
    return user


@transaction.atomic
def account_reactivate(*, actor: User, user: User) -> User:
    _check_not_self(actor, user)
    _lock_coordinators(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    if user.person is not None and user.person.pseudonymised_at:
        raise ValidationError(_("This person has been erased; the account cannot come back."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="account.reactivate", target=user, changes={"is_active": [False, True]}
    )
    return user


# ---- the first coordinator -------------------------------------------------------------------


@transaction.atomic
def account_create_coordinator(
    *,
    actor: Actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    force: bool = False,
) -> User:
    """The first coordinator of a fresh install (`vereinsforum setup`); `actor` is the
    command (a SystemActor). Refused once an active coordinator exists, unless `force`:
    then it is a way back in for a city whose coordinators all lost their second factor."""
    if not force and User.objects.filter(role=Role.COORDINATOR, is_active=True).exists():
        raise ValidationError(
            _(
                "An active coordinator exists already. Further accounts are invited in the "
                "app (Accounts); use --force only if no coordinator can log in any more."
            )
        )
    username = username.strip()
    errors: dict[str, list[str]] = {}
    user = User(username=username, email=email.strip(), role=Role.COORDINATOR)
    try:
        user.username_validator(username)
    except ValidationError as exc:
        errors["username"] = exc.messages
    if not username or User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This login name is taken. Please choose another.")]
    try:
        validate_email(user.email)
    except ValidationError as exc:
        errors["email"] = exc.messages
    if not (first_name.strip() and last_name.strip()):
        errors["name"] = [_("Please enter the first and last name.")]
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    _check_address_free(user.email)
    user.person = person_create(
        actor=actor, first_name=user.first_name, last_name=user.last_name, email=user.email
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="account.create_coordinator",
        target=user,
        changes={"role": [None, Role.COORDINATOR]},
    )
    return user


# ---- helpers --------------------------------------------------------------------------------


def _require_coordinator(actor: Actor) -> None:
    if not getattr(actor, "is_coordinator", False):
        raise PermissionDenied(_("Only coordinators manage accounts."))


def _check_not_self(actor: User, user: User) -> None:
    _require_coordinator(actor)
    if actor.pk == user.pk:
        raise ValidationError(
            _("You cannot change your own account here. Please ask another coordinator.")
        )


def _lock_coordinators(actor: User) -> None:
    """Lock the active coordinators until the commit, and check the actor is still one.

    This is what keeps at least one active coordinator: the actor is one, and no one
    changes their own account (`_check_not_self`). Checked on the locked rows, not on the
    request's copy of the actor: two coordinators demoting each other at the same moment
    would otherwise each leave the other's change standing, and the city with none. Under
    the lock the second one waits, finds they are no longer a coordinator, and is refused.
    """
    ids = (
        User.objects.select_for_update()
        .filter(role=Role.COORDINATOR, is_active=True)
        .values_list("pk", flat=True)
    )
    if actor.pk not in set(ids):
        raise PermissionDenied(_("Only active coordinators manage accounts."))


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Please choose a role.")})


def _check_organisation(
    *, role: str, organisation: Organisation | None, person: Person | None
) -> None:
    if role not in ORGANISATION_ROLES:
        if organisation is not None:
            raise ValidationError(
                {
                    "organisation": _(
                        "Only representatives and service providers act for an organisation."
                    )
                }
            )
        return
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Please choose the organisation this account acts for.")}
        )
    is_association = organisation.kind == OrganisationKind.ASSOCIATION
    if role == Role.REPRESENTATIVE and not is_association:
        raise ValidationError(
            {"organisation": _("A representative acts for an association. Please choose one.")}
        )
    if role == Role.SERVICE_PROVIDER and is_association:
        raise ValidationError(
            {
                "organisation": _(
                    "A service provider acts for a service, not an association: invite a "
                    "representative for an association."
                )
            }
        )


def _affiliate_if_needed(
    *, actor: User, person: Person | None, organisation: Organisation | None, role: str
) -> None:
    """An organisation role acts only while the person holds a current role there
    (`acting_user`): record one with `role` if they hold none, or refuse."""
    if organisation is None or person is None:
        return
    if Person.objects.affiliated_with(organisation).filter(pk=person.pk).exists():
        return
    if not role:
        raise ValidationError({"affiliation_role": _new_role_needed(organisation)})
    if role not in AffiliationRole.values:
        raise ValidationError({"affiliation_role": _("Please choose a role.")})
    affiliation_add(
        actor=actor,
        person=person,
        organisation=organisation,
        role=role,
        start=timezone.localdate(),
    )


def _new_role_needed(organisation: Organisation) -> str:
    return _(
        "The person holds no current role in %(org)s. Please choose the role they take "
        "there: the account acts for the organisation only while they hold one."
    ) % {"org": organisation.name}


def _login_name(email: str) -> str:
    """The e-mail address as the login name, without what a login name may not hold
    (an apostrophe, say); the invitee may choose another when they set their password."""
    return re.sub(r"[^\w.@+-]", "", email.strip())[:150]


def _check_address_free(email: str) -> None:
    # One account per address: a password-reset link sent to a shared address would
    # otherwise open two accounts.
    address = email.strip()
    if User.objects.filter(email__iexact=address).exists() or (
        User.objects.filter(username__iexact=address).exists()
    ):
        raise ValidationError({"email": _("An account with this e-mail address exists already.")})


def _invitation_mail(user: User) -> None:
    from vereinsforum.events.mail import message_enqueue, site_url

    person = user.person
    link = site_url(
        reverse(
            "accounts:activate",
            kwargs={
                "uidb64": urlsafe_base64_encode(str(user.pk).encode()),
                "token": invitation_token.make_token(user),
            },
        )
    )
    message_enqueue(
        kind=INVITATION_MAIL_KIND,
        template="accounts/email/invitation",
        to_email=user.email,
        language=person.preferred_language if person else None,
        person=person,
        context={
            "account": user,
            "person": person,
            "link": link,
            "days": INVITATION_VALID.days,
        },
    )
