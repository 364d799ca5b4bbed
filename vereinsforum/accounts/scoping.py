"""The scoping contract: one way to fetch an object for the acting user.

Every object lookup in a view goes through `get_for_user` (or a queryset's `for_user`), so
a representative never reaches another association by editing a URL, and an interviewer
never sees an association not assigned to them.

The filters themselves live with their domain, in each app's `scoping.py`
(`organisations.scoping`, `events.scoping`, `needs.scoping`, …), and are called by the
model's `QuerySet.for_user`. This module keeps only what every app shares: who counts as an
acting user, the two actions, and the lookup helpers.

A filter must scale to a federal state (3,000 associations, 100,000 registrations): build
it from `Exists(...)` subqueries or id sets, never an OR over multi-valued joins followed by
`DISTINCT` (that shape did not finish at state scale). `accounts/tests/test_scoping_sql.py`
checks the shape of every role's filters.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from vereinsforum.accounts.models import ORGANISATION_ROLES

if TYPE_CHECKING:
    from collections.abc import Callable

    from vereinsforum.accounts.models import User

M = TypeVar("M", bound=models.Model)

VIEW = "view"
EDIT = "edit"
NOTHING = Q(pk__in=[])


def acting_user(user: Any) -> bool:
    """A logged-in, active account with a role: the only kind of user a filter widens for.

    A representative or service provider acts for their organisation only while their
    person holds a current role in it: when that role ends, so does the account's access
    (an association's former chair keeps a login, but not the association's data).
    """
    if not (user and user.is_authenticated and user.is_active and user.role):
        return False
    if user.role not in ORGANISATION_ROLES:
        return True
    # Asked many times per request: remembered on the user object, which lives one request.
    acts = getattr(user, "_acts_for_organisation", None)
    if acts is None:
        acts = user.acts_for_organisation()
        user._acts_for_organisation = acts
    return bool(acts)


def can(user: User, action: str, obj: models.Model) -> bool:
    """Whether `user` may `action` on `obj`, by the same filters the querysets use."""
    qs = type(obj)._default_manager.all()
    if not hasattr(qs, "for_user"):
        raise TypeError(f"{type(obj).__name__} has no for_user() scope")
    return bool(qs.for_user(user, action).filter(pk=obj.pk).exists())


def get_for_user(user: User, queryset: models.QuerySet[M], action: str = VIEW, **lookup: Any) -> M:
    """Fetch one object scoped to `user`.

    Not visible → 404 (we do not confirm that it exists); visible but not
    allowed for `action` → 403.
    """
    try:
        obj: M = queryset.for_user(user, VIEW).get(**lookup)  # type: ignore[attr-defined]
    except ObjectDoesNotExist as exc:  # the queryset's model's DoesNotExist
        raise Http404 from exc
    if action != VIEW and not queryset.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    return obj


def role_required(*roles: str) -> Callable:
    """View decorator: logged-in users of the given roles only; others get 403, guests login."""
    from django.contrib.auth.views import redirect_to_login

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            user = request.user
            if not acting_user(user) or (roles and user.role not in roles):
                raise PermissionDenied
            response: HttpResponseBase = view(request, *args, **kwargs)
            return response

        return wrapper

    return decorator


#: Any logged-in role (not the public).
login_with_role = role_required()
