"""What the OParl API publishes, read from the owning apps.

The mapping:
- Body: the city at the top of a programme's lead department (and every report's body).
- Organization: the body's departments and committees, each programme's forum
  (forum.ForumBody), and an association only where a published delegate acts for it.
- Person: only with a PublicationBasis (oparl.models); revoked or erased = deleted.
- Membership: a published person's affiliation with a published organisation, and a
  published delegate's (or deputy's) seat in the forum on behalf of their association.
- Meeting: events of kind forum_session and committee of the body's programmes;
  AgendaItem: the forum's agenda items, and each published paper put to a committee meeting.
- Paper: issued, public reports; Consultation: the paper before its committee;
  File: the rendered PDF and DOCX of a paper, and its attachments.
- LegislativeTerm (oparl.models) and Location (the meetings' venues, the body's address).
Deleted main objects come from Report.deleted_at, revoked publication bases and tombstones.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest

from vereinsforum.events.models import Event, EventKind, Location
from vereinsforum.forum.models import AgendaItem as ForumAgendaItem
from vereinsforum.forum.models import ForumBody, ForumSession
from vereinsforum.forum.models import Membership as ForumMembership
from vereinsforum.lib.lookups import AnyOf
from vereinsforum.oparl import rows
from vereinsforum.oparl import serializers as s
from vereinsforum.oparl.listing import Segment
from vereinsforum.oparl.models import LegislativeTerm, PublicationBasis, Tombstone
from vereinsforum.organisations.models import (
    Affiliation,
    Organisation,
    OrganisationKind,
)
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.models import Report, ReportAttachment, ReportFile, ReportStatus

MEETING_KINDS = (EventKind.FORUM_SESSION, EventKind.COMMITTEE)
#: Organisation kinds published as organizations of their body.
BODY_UNIT_KINDS = (OrganisationKind.DEPARTMENT, OrganisationKind.COMMITTEE)


def _stamped(qs: QuerySet, created, modified) -> QuerySet:
    return qs.annotate(oparl_created=created, oparl_modified=modified)


def _latest(*expressions) -> Greatest:
    return Greatest(*expressions, output_field=DateTimeField())


class Catalogue:
    """One request's view of the published data; caches the structure it looks up twice."""

    # ---- structure ------------------------------------------------------------------------

    @cached_property
    def _parents(self) -> dict[int, int | None]:
        return dict(
            Organisation.objects.exclude(kind=OrganisationKind.ASSOCIATION).values_list(
                "pk", "parent_id"
            )
        )

    def root_of(self, organisation_id: int) -> int:
        seen = set()
        current = organisation_id
        while (parent := self._parents.get(current)) and current not in seen:
            seen.add(current)
            current = parent
        return current

    @cached_property
    def _programme_bodies(self) -> dict[int, int]:
        return {
            pk: self.root_of(lead)
            for pk, lead in Programme.objects.values_list("pk", "lead_department_id")
        }

    @cached_property
    def body_ids(self) -> list[int]:
        ids = set(self._programme_bodies.values())
        ids |= set(Report.objects.values_list("body_id", flat=True))
        return sorted(ids)

    def body_of_programme(self, programme_id: int) -> int:
        return self._programme_bodies[programme_id]

    def programme_ids(self, body_id: int) -> list[int]:
        return [p for p, b in self._programme_bodies.items() if b == body_id]

    def forum_ids(self, body_id: int) -> list[int]:
        cached: dict[int, list[int]] = self.__dict__.setdefault("_forum_ids", {})
        if body_id not in cached:
            cached[body_id] = list(
                ForumBody.objects.filter(programme_id__in=self.programme_ids(body_id)).values_list(
                    "pk", flat=True
                )
            )
        return cached[body_id]

    @cached_property
    def _forum_of_programme(self) -> dict[int, int]:
        return dict(ForumBody.objects.values_list("programme_id", "pk"))

    def meeting_forum_ids(
        self, body_id: int, programme_id: int, session_forum_id: int | None
    ) -> list[int]:
        """The forum holding a forum session: the session's forum, else the programme's."""
        forums = self.forum_ids(body_id)
        if session_forum_id is not None and session_forum_id in forums:
            return [session_forum_id]
        forum_id = self._forum_of_programme.get(programme_id)
        return [forum_id] if forum_id is not None and forum_id in forums else []

    def session_forum_id(self, event_id: int) -> int | None:
        """The forum whose session the event is, if it is one."""
        return (
            ForumSession.objects.filter(event_id=event_id).values_list("body_id", flat=True).first()
        )

    def published_names(self, body_id: int) -> dict[str, list[int]]:
        """The body's published persons by name ("first last" and "title first last"), in key
        order, loaded once per request as four columns: a paper names its officer and its
        signatory, and matching them must not load every person object of a state."""
        cached: dict[int, dict[str, list[int]]] = self.__dict__.setdefault("_names", {})
        if body_id not in cached:
            index: dict[str, list[int]] = {}
            rows = (
                self._published_bases(body_id)
                .order_by("pk")
                .values_list("pk", "title", "person__first_name", "person__last_name")
            )
            for pk, title, first, last in rows:
                plain = f"{first} {last}".strip()
                for name in {plain, f"{title} {plain}".strip()}:
                    index.setdefault(name, []).append(pk)
            cached[body_id] = index
        return cached[body_id]

    def _published_bases(self, body_id: int) -> QuerySet:
        return PublicationBasis.objects.alive().filter(body_id=body_id)

    def _published_person_ids(self, body_id: int) -> QuerySet:
        return self._published_bases(body_id).values("person_id")

    def _published(self, body_id: int, field: str) -> Exists:
        """That the seat's `field` ("delegate", "deputy") is a published person: a lookup per
        seat by key. (`IN` the published persons made the planner join them to every person
        of a state, once for each side of an OR: 12 ms a query.)"""
        return Exists(self._published_bases(body_id).filter(person_id=OuterRef(f"{field}_id")))

    def unit_ids(self, body_id: int) -> set[int]:
        """The body's own departments and committees (and those its papers name): a handful,
        where `organisation_ids` also holds every association with a published forum seat."""
        cached = self.__dict__.setdefault("_unit_ids", {})
        if body_id not in cached:
            ids = {
                pk
                for pk in Organisation.objects.filter(kind__in=BODY_UNIT_KINDS).values_list(
                    "pk", flat=True
                )
                if pk != body_id and self.root_of(pk) == body_id
            }
            for committee, department in Report.objects.filter(body_id=body_id).values_list(
                "committee_id", "department_id"
            ):
                ids |= {committee, department}
            ids.discard(None)
            ids.discard(body_id)
            cached[body_id] = ids
        return cached[body_id]

    def published_person_ids(self, body_id: int) -> set[int]:
        cached: dict[int, set[int]] = self.__dict__.setdefault("_person_ids", {})
        if body_id not in cached:
            cached[body_id] = set(
                self._published_bases(body_id).values_list("person_id", flat=True)
            )
        return cached[body_id]

    def _seat_rows(self, body_id: int) -> list[tuple[int, int, int, bool, bool]]:
        """The body's forum seats with a published delegate or deputy, as (key, forum,
        association, delegate published, deputy published), read once per request. A state's
        forum seats hundreds of associations; in SQL, "delegate or deputy among the published
        persons" joined those to all 30,000 persons twice in every query that asked it."""
        cached: dict[int, list] = self.__dict__.setdefault("_seat_rows_read", {})
        if body_id not in cached:
            published = self.published_person_ids(body_id)
            rows = (
                ForumMembership.objects.filter(body_id__in=self.forum_ids(body_id))
                .order_by("pk")
                .values_list("pk", "body_id", "organisation_id", "delegate_id", "deputy_id")
            )
            cached[body_id] = [
                (pk, forum, organisation, delegate in published, deputy in published)
                for pk, forum, organisation, delegate, deputy in rows
                if delegate in published or deputy in published
            ]
        return cached[body_id]

    def seat_keys(self, body_id: int, forum_id: int, role: str) -> list[int]:
        """The keys of the forum's seats whose delegate (or deputy) is published."""
        column = 3 if role == "delegate" else 4
        return [row[0] for row in self._seat_rows(body_id) if row[1] == forum_id and row[column]]

    def organisation_ids(self, body_id: int) -> set[int]:
        cached = self.__dict__.setdefault("_organisation_ids", {})
        if body_id not in cached:
            ids = set(self.unit_ids(body_id))
            ids |= {row[2] for row in self._seat_rows(body_id)}
            ids.discard(body_id)
            cached[body_id] = ids
        return cached[body_id]

    def body_of_organisation(self, organisation_id: int) -> int | None:
        for body_id in self.body_ids:
            if organisation_id in self.unit_ids(body_id):
                return body_id
        for body_id in self.body_ids:
            if organisation_id in self.organisation_ids(body_id):
                return body_id
        return None

    # ---- querysets ------------------------------------------------------------------------

    def bodies(self) -> QuerySet:
        terms = LegislativeTerm.objects.filter(body_id=OuterRef("pk")).order_by("-modified")
        return _stamped(
            Organisation.objects.filter(pk__in=self.body_ids),
            F("created"),
            _latest(F("modified"), Coalesce(Subquery(terms.values("modified")[:1]), F("modified"))),
        )

    def organisations(self, body_id: int) -> QuerySet:
        return _stamped(
            Organisation.objects.filter(AnyOf(F("pk"), self.organisation_ids(body_id))),
            F("created"),
            F("modified"),
        )

    def forums(self, body_id: int) -> QuerySet:
        return _stamped(
            ForumBody.objects.filter(pk__in=self.forum_ids(body_id)).select_related("programme"),
            F("created"),
            F("modified"),
        )

    def persons(self, body_id: int) -> QuerySet:
        return _stamped(
            PublicationBasis.objects.filter(body_id=body_id).select_related("person"),
            F("created"),
            _latest(F("modified"), Coalesce(F("person__modified"), F("modified"))),
        )

    def affiliations(self, body_id: int) -> QuerySet:
        return _stamped(
            # Only roles in the body's own units: a delegate's roles inside their
            # association are not what they consented to publish.
            Affiliation.objects.filter(
                person_id__in=self._published_person_ids(body_id),
                organisation_id__in=self.unit_ids(body_id),
                organisation__kind__in=BODY_UNIT_KINDS,
            ).select_related("person__publication_basis", "organisation"),
            F("person__publication_basis__created"),
            _latest(
                F("person__publication_basis__modified"),
                F("person__modified"),
                F("organisation__modified"),
            ),
        )

    def forum_seats(self, body_id: int, role: str) -> QuerySet:
        """Forum seats as memberships of the delegate (role "delegate") or of the deputy."""
        field = "delegate" if role == "delegate" else "deputy"
        return _stamped(
            ForumMembership.objects.filter(
                self._published(body_id, field), body_id__in=self.forum_ids(body_id)
            ).select_related("body", "organisation", f"{field}__publication_basis"),
            F(f"{field}__publication_basis__created"),
            _latest(
                F(f"{field}__publication_basis__modified"),
                F(f"{field}__modified"),
                F("body__modified"),
                F("organisation__modified"),
            ),
        )

    def meetings(self, body_id: int) -> QuerySet:
        reports = Max(
            "reports__modified", filter=Q(reports__status=ReportStatus.ISSUED, reports__public=True)
        )
        return _stamped(
            Event.objects.filter(
                programme_id__in=self.programme_ids(body_id), kind__in=MEETING_KINDS
            ).select_related("location"),
            F("created"),
            _latest(
                F("modified"),
                Coalesce(F("forum_session__modified"), F("modified")),
                Coalesce(reports, F("modified")),
            ),
        )

    def papers(self, body_id: int | None = None) -> QuerySet:
        qs = Report.objects.issued().filter(public=True)
        if body_id is not None:
            qs = qs.filter(body_id=body_id)
        return _stamped(
            qs.select_related("committee", "department", "meeting"),
            Coalesce(F("issued_at"), F("created")),
            _latest(F("modified"), Coalesce(F("deleted_at"), F("modified"))),
        )

    def live_papers(self, body_id: int | None = None) -> QuerySet:
        return self.papers(body_id).filter(deleted_at__isnull=True)

    def report_agenda_items(self, body_id: int | None = None) -> QuerySet:
        qs = self.live_papers(body_id).filter(meeting__kind__in=MEETING_KINDS)
        if body_id is not None:
            qs = qs.filter(meeting__programme_id__in=self.programme_ids(body_id))
        return qs

    def forum_agenda_items(self, body_id: int | None = None) -> QuerySet:
        qs = ForumAgendaItem.objects.select_related("session__event")
        if body_id is not None:
            qs = qs.filter(session__event__programme_id__in=self.programme_ids(body_id))
        return _stamped(
            qs,
            F("session__event__created"),
            _latest(F("session__modified"), F("session__event__modified")),
        )

    def report_files(self, body_id: int | None = None) -> QuerySet:
        papers = self.papers(body_id).values("pk")
        return _stamped(
            ReportFile.objects.filter(report_id__in=papers)
            .select_related("report")
            .defer("content"),
            F("created"),
            _latest(F("created"), Coalesce(F("report__deleted_at"), F("created"))),
        )

    def attachments(self, body_id: int | None = None) -> QuerySet:
        papers = self.papers(body_id).values("pk")
        return _stamped(
            ReportAttachment.objects.filter(report_id__in=papers).select_related("report"),
            F("created"),
            _latest(F("created"), Coalesce(F("report__deleted_at"), F("created"))),
        )

    def legislative_terms(self, body_id: int | None = None) -> QuerySet:
        qs = LegislativeTerm.objects.all()
        if body_id is not None:
            qs = qs.filter(body_id=body_id)
        return _stamped(qs, F("created"), F("modified"))

    def venues(self, body_id: int) -> QuerySet:
        used = self.meetings(body_id).values("location_id")
        return _stamped(Location.objects.filter(pk__in=used), F("created"), F("modified"))

    def body_locations(self, body_id: int) -> QuerySet:
        return _stamped(
            Organisation.objects.filter(pk=body_id).exclude(street=""), F("created"), F("modified")
        )

    def tombstones(self, object_type: str, body_id: int) -> QuerySet:
        return _stamped(
            Tombstone.objects.filter(object_type=object_type, body_id=body_id),
            F("created"),
            F("deleted_at"),
        )

    # ---- lists ----------------------------------------------------------------------------

    def segments(self, list_type: str, body_id: int) -> list[Segment]:
        """The segments of one body list, in their fixed order; tombstones last. Only the
        asked-for list's querysets are built: building a queryset costs as much as running a
        small one (a tenth of a page's time when every list's were built on each request)."""
        b = body_id
        by_type: dict[str, Callable[[], list[Segment]]] = {
            "organization": lambda: [
                Segment(rows.organisation_rows(self, b), lambda o: s.organisation(self, o)),
                Segment(rows.forum_rows(self, b), lambda f: s.forum(self, f)),
            ],
            "person": lambda: [Segment(rows.person_rows(self, b), lambda p: s.person(self, p))],
            "membership": lambda: [
                Segment(self.affiliations(b), lambda a: s.affiliation(self, a)),
                Segment(
                    self.forum_seats(b, "delegate"), lambda m: s.forum_seat(self, m, "delegate")
                ),
                Segment(self.forum_seats(b, "deputy"), lambda m: s.forum_seat(self, m, "deputy")),
            ],
            "meeting": lambda: [Segment(rows.meeting_rows(self, b), lambda e: s.meeting(self, e))],
            "agendaitem": lambda: [
                Segment(self.forum_agenda_items(b), lambda i: s.forum_agenda_item(self, i)),
                Segment(
                    rows.report_agenda_item_rows(self, b), lambda r: s.report_agenda_item(self, r)
                ),
            ],
            "paper": lambda: [Segment(rows.paper_rows(self, b), lambda r: s.paper(self, r))],
            "consultation": lambda: [
                Segment(self.live_papers(b), lambda r: s.consultation(self, r))
            ],
            "file": lambda: [
                Segment(self.report_files(b), lambda f: s.report_file(self, f)),
                Segment(self.attachments(b), lambda a: s.attachment(self, a)),
            ],
            "legislativeterm": lambda: [
                Segment(self.legislative_terms(b), lambda t: s.legislative_term(self, t))
            ],
            "location": lambda: [
                Segment(self.venues(b), lambda v: s.venue(self, v)),
                Segment(self.body_locations(b), lambda o: s.body_location(self, o)),
            ],
        }
        tomb = Segment(self.tombstones(list_type, b), s.tombstone)
        return [*by_type[list_type](), tomb]

    # ---- single objects -------------------------------------------------------------------

    def find(self, object_type: str, key: str) -> dict | None:
        """The object as published under its URL, a deleted stub, or None (→ 404)."""
        finder = self._finders().get(object_type)
        found = finder(key) if finder else None
        if found is None:
            tomb = self._tombstone(object_type, key)
            return s.tombstone(tomb) if tomb else None
        return found

    def _tombstone(self, object_type: str, key: str) -> Tombstone | None:
        return (
            Tombstone.objects.filter(object_type=object_type, key=key)
            .annotate(oparl_created=F("created"), oparl_modified=F("deleted_at"))
            .first()
        )

    def _finders(self) -> dict[str, Callable[[str], dict | None]]:
        return {
            "organization": self._find_organization,
            "person": self._by_pk(self._find_person, s.person),
            "membership": self._find_membership,
            "meeting": self._by_pk(self._find_meeting, s.meeting),
            "agendaitem": self._find_agenda_item,
            "paper": self._by_pk(lambda pk: self._first(self.papers().filter(pk=pk)), s.paper),
            "consultation": self._by_pk(
                lambda pk: self._first(self.live_papers().filter(pk=pk)), s.consultation
            ),
            "file": self._find_file,
            "legislativeterm": self._by_pk(
                lambda pk: self._first(self.legislative_terms().filter(pk=pk)), s.legislative_term
            ),
            "location": self._find_location,
        }

    @staticmethod
    def _first(qs: QuerySet):
        return qs.first()

    def _by_pk(self, load: Callable[[int], object], serialize: Callable) -> Callable:
        def finder(key: str) -> dict | None:
            if not key.isdigit():
                return None
            obj = load(int(key))
            return serialize(self, obj) if obj is not None else None

        return finder

    @staticmethod
    def _split(key: str, prefix: str) -> int | None:
        if key.startswith(f"{prefix}-") and key[len(prefix) + 1 :].isdigit():
            return int(key[len(prefix) + 1 :])
        return None

    def _find_organization(self, key: str) -> dict | None:
        if key.isdigit():
            body_id = self.body_of_organisation(int(key))
            if body_id is None:
                return None
            return s.organisation(self, self.organisations(body_id).get(pk=int(key)))
        forum_pk = self._split(key, "forum")
        if forum_pk is not None:
            forum = _stamped(
                ForumBody.objects.filter(pk=forum_pk).select_related("programme"),
                F("created"),
                F("modified"),
            ).first()
            return s.forum(self, forum) if forum else None
        return None

    def _find_membership(self, key: str) -> dict | None:
        candidates: list[tuple[str, int]] = []
        if key.isdigit():
            candidates = [("affiliation", int(key))]
        elif (pk := self._split(key, "forum")) is not None:
            candidates = [("delegate", pk)]
        elif (pk := self._split(key, "forumdeputy")) is not None:
            candidates = [("deputy", pk)]
        for kind, pk in candidates:
            for body_id in self.body_ids:
                if kind == "affiliation":
                    obj = self.affiliations(body_id).filter(pk=pk).first()
                    if obj:
                        return s.affiliation(self, obj)
                else:
                    obj = self.forum_seats(body_id, kind).filter(pk=pk).first()
                    if obj:
                        return s.forum_seat(self, obj, kind)
        return None

    def _find_person(self, pk: int):
        body_id = PublicationBasis.objects.filter(pk=pk).values_list("body_id", flat=True).first()
        return None if body_id is None else self.persons(body_id).filter(pk=pk).first()

    def _find_meeting(self, pk: int):
        event = Event.objects.filter(pk=pk, kind__in=MEETING_KINDS).first()
        if event is None:
            return None
        return self.meetings(self.body_of_programme(event.programme_id)).filter(pk=pk).first()

    def _find_agenda_item(self, key: str) -> dict | None:
        if (pk := self._split(key, "forum")) is not None:
            item = (
                self.forum_agenda_items()
                .filter(pk=pk, session__event__kind__in=MEETING_KINDS)
                .first()
            )
            return s.forum_agenda_item(self, item) if item else None
        if (pk := self._split(key, "report")) is not None:
            report = self.report_agenda_items().filter(pk=pk).first()
            return s.report_agenda_item(self, report) if report else None
        return None

    def _find_file(self, key: str) -> dict | None:
        if key.isdigit():
            obj = self.report_files().filter(pk=int(key)).first()
            return s.report_file(self, obj) if obj else None
        if (pk := self._split(key, "attachment")) is not None:
            obj = self.attachments().filter(pk=pk).first()
            return s.attachment(self, obj) if obj else None
        return None

    def _find_location(self, key: str) -> dict | None:
        if key.isdigit():
            for body_id in self.body_ids:
                venue = self.venues(body_id).filter(pk=int(key)).first()
                if venue:
                    return s.venue(self, venue)
            return None
        if (pk := self._split(key, "body")) is not None and pk in self.body_ids:
            org = self.body_locations(pk).first()
            return s.body_location(self, org) if org else None
        return None

    # ---- helpers for serializers ----------------------------------------------------------

    def file_content(self, key: str) -> tuple[str, str, bytes] | None:
        """(file name, MIME type, bytes) of a live published file, or None."""
        if key.isdigit():
            obj = ReportFile.objects.filter(
                pk=int(key), report__in=self.live_papers().values("pk")
            ).first()
            if obj:
                return obj.filename, obj.mime_type, bytes(obj.content)
            return None
        if (pk := self._split(key, "attachment")) is not None:
            attachment = ReportAttachment.objects.filter(
                pk=pk, report__in=self.live_papers().values("pk")
            ).first()
            if attachment:
                with attachment.file.open("rb") as handle:
                    data = handle.read()
                name = (attachment.file.name or "").rsplit("/", 1)[-1]
                return name, attachment.mime_type or "application/octet-stream", data
        return None

    def file_exists(self, key: str) -> bool:
        """Whether the key names a published file at all (live or deleted)."""
        return self._find_file(key) is not None or self._tombstone("file", key) is not None
