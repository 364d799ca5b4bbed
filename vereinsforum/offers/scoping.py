"""Who may see and change offers, and who may read the coverage one need at a time.

Staff manage every offer. A service provider reads every offer (the services divide the
work among themselves at the workshop) and changes its own organisation's only. A coverage
row is one association's need level in one field: that is single-association data of the
needs analysis, read by coordinators only (as needs/scoping.py does for interviews).
Everyone else with access sees the coverage aggregated (offers/coverage.py).

Filters are plain foreign-key comparisons or `IN (SELECT …)` on indexed keys: no join over a
multi-valued relation, no DISTINCT (accounts/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user

#: Who may open the offers and the coverage pages at all.
OFFER_ROLES = (*STAFF_ROLES, Role.SERVICE_PROVIDER)


def is_offer_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def acts_for_service(user: Any) -> bool:
    return acting_user(user) and user.role == Role.SERVICE_PROVIDER and bool(user.acting_for_id)


def offer_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if acts_for_service(user):
        return Q() if action == VIEW else Q(organisation_id=user.acting_for_id)
    return NOTHING


def coverage_run_filter(user: Any, action: str = VIEW) -> Q:
    """A run as a whole (its aggregates): staff run and use it, services read it."""
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if acts_for_service(user) and action == VIEW:
        return Q()
    return NOTHING


def coverage_row_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    return NOTHING


def own_offer_rows(user: Any) -> Q:
    """Rows met by the acting service's own offers (counted, never listed one by one)."""
    from vereinsforum.offers.models import Offer

    if not acts_for_service(user):
        return NOTHING
    return Q(offer_id__in=Offer.objects.filter(organisation_id=user.acting_for_id).values("pk"))
