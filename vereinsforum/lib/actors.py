"""Who did something: the one type every service takes as `actor`.

A service is called from three kinds of places, and the audit log has to say which:

- a page or the API, for a signed-in user (`User`) or for the public (`AnonymousUser`, e.g. a
  visitor sending the accessibility feedback form);
- a command or a scheduled job (`load_demo`, `events_expire_offers`, `privacy_purge`) or the
  software itself (an offer that expired, a tombstone OParl records): a `SystemActor` with a
  name.

Services never ask `getattr(actor, "is_authenticated")` themselves: `user_of(actor)` gives
the account to store in a `…_by` column (or None), and `actor_label(actor)` the text the audit
log keeps. A plain string is not an actor: `audit_record` refuses one, so a call that forgot
to wrap its name fails in the tests, not silently in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vereinsforum.accounts.models import User


@dataclass(frozen=True, slots=True)
class SystemActor:
    """A command, job or the software itself, named as the audit log shows it."""

    name: str

    # Duck-types like AnonymousUser for code that reads request.user-like objects.
    is_authenticated = False
    is_active = False
    role = ""
    pk = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise ValueError("A system actor needs a name.")

    def __str__(self) -> str:
        return self.name


Actor: TypeAlias = "User | AnonymousUser | SystemActor"

#: The demo scenario and the test helpers that stand for "the software set this up".
DEMO = SystemActor("load_demo")
TEST = SystemActor("test")


def _refuse_string(actor: object) -> None:
    if isinstance(actor, str):
        raise TypeError(f"An actor is a user or a SystemActor, not the string {actor!r}.")


def user_of(actor: Actor | None) -> User | None:
    """The signed-in account behind `actor`, or None (the public, a command, the system)."""
    _refuse_string(actor)
    if actor is None or isinstance(actor, SystemActor):
        return None
    if not actor.is_authenticated:
        return None
    return actor  # authenticated: a User (AnonymousUser.is_authenticated is always False)


def actor_label(actor: Actor | None) -> str:
    """What the audit log keeps for `actor`: "user:<id>" (never the username: it may be a
    person's name, and erasure renames the account), "anonymous" for the public, or the
    system actor's name; "system" when no actor was given at all."""
    user = user_of(actor)
    if user is not None:
        return f"user:{user.pk}"
    if isinstance(actor, SystemActor):
        return actor.name
    if actor is None:
        return "system"
    return "anonymous"
