"""The list rows of the OParl lists, with what their objects embed prefetched.

A list page is one slice of these querysets; the prefetches run once per page for the whole
slice, so a page asks the same number of queries however many objects it shows and however
much each embeds (issue 14). The serializers read the `oparl_*` attributes set here and fall
back to a query of their own without them (an object's own page, a few queries at most).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from vereinsforum.forum.models import ForumSession
from vereinsforum.forum.models import Membership as ForumMembership
from vereinsforum.reports.models import Report

if TYPE_CHECKING:
    from vereinsforum.oparl.catalogue import Catalogue


def _count_of(qs: QuerySet, outer: str) -> Coalesce:
    """The number of rows of `qs` (already filtered by OuterRef(outer)), as an annotation."""
    counted = qs.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def organisation_rows(cat: Catalogue, body_id: int) -> QuerySet:
    memberships = cat.affiliations(body_id).order_by("pk")
    return cat.organisations(body_id).prefetch_related(
        Prefetch("affiliations", queryset=memberships, to_attr="oparl_affiliations")
    )


def forum_rows(cat: Catalogue, body_id: int) -> QuerySet:
    active = ForumMembership.objects.active_on(timezone.localdate()).filter(body_id=OuterRef("pk"))
    # The seats each forum embeds come from the catalogue's one read of them (seat_keys).
    return cat.forums(body_id).annotate(oparl_member_count=_count_of(active, "body_id"))


def person_rows(cat: Catalogue, body_id: int) -> QuerySet:
    return cat.persons(body_id).prefetch_related(
        Prefetch(
            "person__affiliations",
            queryset=cat.affiliations(body_id).order_by("pk"),
            to_attr="oparl_affiliations",
        ),
        Prefetch(
            "person__forum_delegations",
            queryset=cat.forum_seats(body_id, "delegate").order_by("pk"),
            to_attr="oparl_delegate_seats",
        ),
        Prefetch(
            "person__forum_deputyships",
            queryset=cat.forum_seats(body_id, "deputy").order_by("pk"),
            to_attr="oparl_deputy_seats",
        ),
    )


def meeting_rows(cat: Catalogue, body_id: int) -> QuerySet:
    items = cat.forum_agenda_items(body_id).order_by("position", "pk")
    sessions = ForumSession.objects.prefetch_related(
        Prefetch("agenda", queryset=items, to_attr="oparl_items")
    )
    live_reports = Report.objects.filter(deleted_at__isnull=True).only("pk", "meeting", "committee")
    return cat.meetings(body_id).prefetch_related(
        Prefetch("forum_session", queryset=sessions, to_attr="oparl_session"),
        Prefetch(
            "reports",
            queryset=cat.report_agenda_items(body_id).order_by("pk"),
            to_attr="oparl_report_items",
        ),
        Prefetch("reports", queryset=live_reports, to_attr="oparl_live_reports"),
    )


def report_agenda_item_rows(cat: Catalogue, body_id: int) -> QuerySet:
    """With each item's place on its meeting's agenda: after the forum's items and the
    earlier papers of the same meeting."""
    forum_items = cat.forum_agenda_items(body_id).filter(session__event_id=OuterRef("meeting_id"))
    earlier = cat.report_agenda_items(body_id).filter(
        meeting_id=OuterRef("meeting_id"), pk__lt=OuterRef("pk")
    )
    return cat.report_agenda_items(body_id).annotate(
        oparl_forum_items=_count_of(forum_items, "session__event_id"),
        oparl_earlier_items=_count_of(earlier, "meeting_id"),
    )


def paper_rows(cat: Catalogue, body_id: int) -> QuerySet:
    return cat.papers(body_id).prefetch_related(
        Prefetch("files", queryset=cat.report_files(), to_attr="oparl_files"),
        Prefetch(
            "attachments",
            queryset=cat.attachments().order_by("pk"),
            to_attr="oparl_attachments",
        ),
        Prefetch("corrects", queryset=cat.live_papers(), to_attr="oparl_corrects"),
        Prefetch("corrections", queryset=cat.live_papers(), to_attr="oparl_corrections"),
    )
