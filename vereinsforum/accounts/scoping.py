"""The one place that decides which rows a user may see or change.

Every object lookup in a view goes through `get_for_user` (or a queryset's `for_user`,
which calls the filters below), so a representative never reaches another association
by editing a URL, and an interviewer never sees an association not assigned to them.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from vereinsforum.accounts.models import ORGANISATION_ROLES, Role

if TYPE_CHECKING:
    from collections.abc import Callable

    from vereinsforum.accounts.models import User

M = TypeVar("M", bound=models.Model)

VIEW = "view"
EDIT = "edit"
NOTHING = Q(pk__in=[])


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def assigned_organisation_ids(user: User) -> models.QuerySet:
    from vereinsforum.programmes.models import InterviewerAssignment

    return InterviewerAssignment.objects.filter(interviewer=user).values("organisation_id")


def organisation_filter(user: User, action: str = VIEW) -> Q:
    if not _active(user):
        return NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MEMBER:
        return Q() if action == VIEW else NOTHING
    if user.role == Role.INTERVIEWER:
        return Q(pk__in=assigned_organisation_ids(user)) if action == VIEW else NOTHING
    if user.role in ORGANISATION_ROLES:
        return Q(pk=user.acting_for_id)
    return NOTHING


def person_filter(user: User, action: str = VIEW) -> Q:
    if not _active(user):
        return NOTHING
    own = Q(pk=user.person_id) if user.person_id else NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MEMBER:
        return Q() if action == VIEW else own
    if user.role == Role.INTERVIEWER:
        if action != VIEW:
            return own
        return own | Q(affiliations__organisation_id__in=assigned_organisation_ids(user))
    if user.role in ORGANISATION_ROLES:
        return own | Q(affiliations__organisation_id=user.acting_for_id)
    return NOTHING


def can(user: User, action: str, obj: models.Model) -> bool:
    """Whether `user` may `action` on `obj`, by the same filters the querysets use."""
    qs = type(obj)._default_manager.all()
    if not hasattr(qs, "for_user"):
        raise TypeError(f"{type(obj).__name__} has no for_user() scope")
    return qs.for_user(user, action).filter(pk=obj.pk).exists()


def get_for_user(user: User, queryset: models.QuerySet[M], action: str = VIEW, **lookup: Any) -> M:
    """Fetch one object scoped to `user`.

    Not visible → 404 (we do not confirm that it exists); visible but not
    allowed for `action` → 403.
    """
    try:
        obj = queryset.for_user(user, VIEW).get(**lookup)  # type: ignore[attr-defined]
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    if action != VIEW and not queryset.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    return obj


def role_required(*roles: str) -> Callable:
    """View decorator: logged-in users of the given roles only; others get 403, guests login."""
    from django.contrib.auth.views import redirect_to_login

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not _active(request.user) or (roles and request.user.role not in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


#: Any logged-in role (not the public).
login_with_role = role_required()
