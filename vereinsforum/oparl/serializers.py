"""Domain rows → OParl 1.1 objects (plain dicts). The content is German, the body's language.

Every function takes the request's catalogue (a `Published`: what is published) and a row
annotated with `oparl_created`/`oparl_modified` by the catalogue, so an object shows the
same timestamps in its list and under its own URL. What an object embeds comes from the
`oparl_*` attributes the catalogue prefetches for a whole list page (`oparl/rows.py`); on an
object's own page, without them, the serializer looks it up itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from vereinsforum.events.models import EventKind
from vereinsforum.forum.models import ItemResult
from vereinsforum.oparl.body_lists import BODY_LISTS
from vereinsforum.oparl.links import (
    bodies_url,
    body_list_url,
    file_access_url,
    file_download_url,
    object_url,
    oparl_type,
    system_url,
    web_url,
)
from vereinsforum.oparl.models import Basis
from vereinsforum.oparl.published import Published
from vereinsforum.oparl.timestamps import oparl_date, oparl_datetime
from vereinsforum.organisations.models import AffiliationRole, OrganisationKind
from vereinsforum.reports.models import PaperType, ResolutionQuality

OPARL_VERSION = "https://schema.oparl.org/1.1/"

#: OParl's German vocabulary for the kinds it has words for.
ORGANIZATION_TYPES = {
    OrganisationKind.COMMITTEE: ("Gremium", "Ausschuss"),
    OrganisationKind.DEPARTMENT: ("Verwaltungsbereich", "Verwaltungseinheit"),
    OrganisationKind.ASSOCIATION: ("Sonstiges", "Migrantenselbstorganisation"),
}
PAPER_TYPES = {
    PaperType.BERICHT: "Bericht",
    PaperType.BESCHLUSSVORLAGE: "Beschlussvorlage",
    PaperType.MITTEILUNG: "Mitteilung",
}
AFFILIATION_ROLES = {
    AffiliationRole.CHAIR: "Vorsitz",
    AffiliationRole.VICE_CHAIR: "Stellvertretender Vorsitz",
    AffiliationRole.TREASURER: "Kassenführung",
    AffiliationRole.SECRETARY: "Schriftführung",
    AffiliationRole.DELEGATE: "Delegierte/r",
    AffiliationRole.MEMBER: "Mitglied",
    AffiliationRole.STAFF: "Mitarbeiter/in",
    AffiliationRole.CONTACT: "Ansprechperson",
}
ITEM_RESULTS = {
    ItemResult.OPEN: "noch nicht behandelt",
    ItemResult.ADOPTED: "beschlossen",
    ItemResult.REJECTED: "abgelehnt",
    ItemResult.NOTED: "zur Kenntnis genommen",
    ItemResult.POSTPONED: "vertagt",
}
_TITLES = re.compile(r"^((Prof\.|Dr\.|Dipl\.-\w+\.?)\s+)+")


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what has no value: OParl wants absent properties, never null or ""."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def _embedded(obj, attr: str, load: Callable[[], Iterable[Any]]) -> list[Any]:
    """What the catalogue prefetched for a list page (`obj.<attr>`), else loaded now."""
    found = getattr(obj, attr, None)
    return list(load()) if found is None else found


def _stamps(obj) -> dict[str, str | None]:
    return {
        "created": oparl_datetime(obj.oparl_created),
        "modified": oparl_datetime(obj.oparl_modified),
    }


def _own_stamps(obj) -> dict[str, str | None]:
    """For rows whose published timestamps are their own (venues, terms, the body's address),
    also when they are embedded without the catalogue's annotations."""
    return {"created": oparl_datetime(obj.created), "modified": oparl_datetime(obj.modified)}


def deleted_stub(object_type: str, type_name: str, key: object, obj) -> dict:
    return {
        "id": object_url(object_type, key),
        "type": oparl_type(type_name),
        **_stamps(obj),
        "deleted": True,
    }


def tombstone(t) -> dict:
    type_name = {
        "organization": "Organization",
        "person": "Person",
        "meeting": "Meeting",
        "paper": "Paper",
        "file": "File",
        "body": "Body",
        "location": "Location",
        "membership": "Membership",
        "agendaitem": "AgendaItem",
        "consultation": "Consultation",
        "legislativeterm": "LegislativeTerm",
    }[t.object_type]
    if t.object_type == "body":
        return deleted_stub("body", "Body", t.key, t)
    return deleted_stub(t.object_type, type_name, t.key, t)


# ---- System and Body ----------------------------------------------------------------------


def system(cat: Published) -> dict:
    bodies = list(cat.bodies())
    created = min((b.oparl_created for b in bodies), default=None)
    modified = max((b.oparl_modified for b in bodies), default=None)
    now = timezone.now()
    return compact(
        {
            "id": system_url(),
            "type": oparl_type("System"),
            "oparlVersion": OPARL_VERSION,
            "body": bodies_url(),
            "name": "Vereinsforum – OParl-Schnittstelle",
            "website": f"{settings.SITE_URL}/",
            "created": oparl_datetime(created or now),
            "modified": oparl_datetime(modified or now),
            "web": web_url("oparl:landing"),
        }
    )


def body(cat: Published, org) -> dict:
    lists = {attr: body_list_url(org.pk, path) for attr, path in BODY_LISTS.items()}
    terms = [legislative_term(cat, t, embedded=True) for t in cat.legislative_terms(org.pk)]
    location = cat.body_locations(org.pk).first()
    return compact(
        {
            "id": object_url("body", org.pk),
            "type": oparl_type("Body"),
            "system": system_url(),
            "name": org.name,
            "shortName": org.short_name,
            "website": org.website,
            "legislativeTerm": terms,
            "location": body_location(cat, location, embedded=True) if location else None,
            **lists,
            **_stamps(org),
        }
    )


def legislative_term(cat: Published, term, *, embedded: bool = False) -> dict:
    return compact(
        {
            "id": object_url("legislativeterm", term.pk),
            "type": oparl_type("LegislativeTerm"),
            "body": None if embedded else object_url("body", term.body_id),
            "name": term.name,
            "startDate": oparl_date(term.start_date),
            "endDate": oparl_date(term.end_date),
            **_own_stamps(term),
        }
    )


# ---- Organizations and people ---------------------------------------------------------------


def organisation(cat: Published, org) -> dict:
    body_id = cat.body_of_organisation(org.pk)
    if body_id is None:  # the catalogue lists only organisations of a published body
        raise LookupError(f"Organisation {org.pk} belongs to no published body.")
    organization_type, classification = ORGANIZATION_TYPES.get(org.kind, ("Sonstiges", None))
    parent = org.parent_id if org.parent_id in cat.organisation_ids(body_id) else None
    affiliations = _embedded(
        org,
        "oparl_affiliations",
        lambda: cat.affiliations(body_id).filter(organisation_id=org.pk).order_by("pk"),
    )
    memberships = [object_url("membership", a.pk) for a in affiliations]
    return compact(
        {
            "id": object_url("organization", org.pk),
            "type": oparl_type("Organization"),
            "body": object_url("body", body_id),
            "name": org.name,
            "shortName": org.short_name,
            "organizationType": organization_type,
            "classification": classification,
            "subOrganizationOf": object_url("organization", parent) if parent else None,
            "membership": memberships,
            "website": org.website,
            **_stamps(org),
        }
    )


def forum(cat: Published, forum_body) -> dict:
    body_id = cat.body_of_programme(forum_body.programme_id)

    seats = []
    for role, prefix in (("delegate", "forum"), ("deputy", "forumdeputy")):
        seats += [
            object_url("membership", f"{prefix}-{pk}")
            for pk in cat.seat_keys(body_id, forum_body.pk, role)
        ]
    member_count = getattr(forum_body, "oparl_member_count", None)
    if member_count is None:
        member_count = forum_body.memberships.active_on(timezone.localdate()).count()
    return compact(
        {
            "id": object_url("organization", f"forum-{forum_body.pk}"),
            "type": oparl_type("Organization"),
            "body": object_url("body", body_id),
            "name": forum_body.name,
            "organizationType": "Gremium",
            "classification": "Forum",
            "membership": sorted(seats),
            "startDate": oparl_date(forum_body.programme.start),
            "endDate": oparl_date(forum_body.programme.end),
            # The member associations are counted, not named: their seats are public only
            # where a delegate has a legal basis to be published.
            "memberCount": member_count,
            **_stamps(forum_body),
        }
    )


def person(cat: Published, basis) -> dict:
    if not basis.is_published:
        return deleted_stub("person", "Person", basis.pk, basis)
    p = basis.person
    affiliations = _embedded(
        p,
        "oparl_affiliations",
        lambda: cat.affiliations(basis.body_id).filter(person_id=p.pk).order_by("pk"),
    )
    memberships = [affiliation(cat, a, embedded=True) for a in affiliations]

    def seats(role: str) -> list[Any]:
        return _embedded(
            p,
            f"oparl_{role}_seats",
            lambda: (
                cat.forum_seats(basis.body_id, role).filter(**{f"{role}_id": p.pk}).order_by("pk")
            ),
        )

    for role in ("delegate", "deputy"):
        memberships += [forum_seat(cat, m, role, embedded=True) for m in seats(role)]
    official = basis.basis == Basis.OFFICE and basis.publish_official_contact
    return compact(
        {
            "id": object_url("person", basis.pk),
            "type": oparl_type("Person"),
            "body": object_url("body", basis.body_id),
            "name": f"{basis.title} {p.first_name} {p.last_name}".strip(),
            "familyName": p.last_name,
            "givenName": p.first_name,
            "title": [basis.title] if basis.title else None,
            "status": [basis.status] if basis.status else None,
            # Contact data only for officials in office, and only when released for publication.
            "email": [p.email] if official and p.email else None,
            "phone": [p.phone] if official and p.phone else None,
            "membership": memberships,
            **_stamps(basis),
        }
    )


def affiliation(cat: Published, a, *, embedded: bool = False) -> dict:
    basis = a.person.publication_basis
    return compact(
        {
            "id": object_url("membership", a.pk),
            "type": oparl_type("Membership"),
            "person": None if embedded else object_url("person", basis.pk),
            "organization": object_url("organization", a.organisation_id),
            "role": AFFILIATION_ROLES.get(a.role, a.role),
            "startDate": oparl_date(a.start),
            "endDate": oparl_date(a.end),
            **_stamps(a),
        }
    )


def forum_seat(cat: Published, m, role: str, *, embedded: bool = False) -> dict:
    holder = m.delegate if role == "delegate" else m.deputy
    key = f"forum-{m.pk}" if role == "delegate" else f"forumdeputy-{m.pk}"
    return compact(
        {
            "id": object_url("membership", key),
            "type": oparl_type("Membership"),
            "person": None if embedded else object_url("person", holder.publication_basis.pk),
            "organization": object_url("organization", f"forum-{m.body_id}"),
            "onBehalfOf": object_url("organization", m.organisation_id),
            "role": "Delegierte/r" if role == "delegate" else "Stellvertretung",
            # One vote per association, cast by the delegate (the deputy only in their stead).
            "votingRight": role == "delegate",
            "startDate": oparl_date(m.start),
            "endDate": oparl_date(m.end),
            **_stamps(m),
        }
    )


# ---- Meetings and agenda items --------------------------------------------------------------


def meeting(cat: Published, event) -> dict:
    body_id = cat.body_of_programme(event.programme_id)
    if hasattr(event, "oparl_session"):
        session = event.oparl_session
        forum_items = session.oparl_items if session is not None else []
    else:
        forum_items = list(
            cat.forum_agenda_items(body_id).filter(session__event=event).order_by("position", "pk")
        )
    items = [forum_agenda_item(cat, i, embedded=True) for i in forum_items]
    offset = len(items)
    reports = _embedded(
        event,
        "oparl_report_items",
        lambda: cat.report_agenda_items(body_id).filter(meeting=event).order_by("pk"),
    )
    items += [
        report_agenda_item(cat, r, embedded=True, order=offset + n)
        for n, r in enumerate(reports, start=1)
    ]
    return compact(
        {
            "id": object_url("meeting", event.pk),
            "type": oparl_type("Meeting"),
            "name": event.title,
            "meetingState": "durchgeführt" if event.end <= timezone.now() else "terminiert",
            "start": oparl_datetime(event.start),
            "end": oparl_datetime(event.end),
            "location": venue(cat, event.location, embedded=True) if event.location_id else None,
            "organization": _meeting_organizations(cat, event, body_id),
            "agendaItem": items,
            **_stamps(event),
        }
    )


def _meeting_organizations(cat: Published, event, body_id: int) -> list[str]:
    if event.kind == EventKind.FORUM_SESSION:
        if hasattr(event, "oparl_session"):
            session = event.oparl_session
            session_forum = session.body_id if session is not None else None
        else:
            session_forum = cat.session_forum_id(event.pk)
        held_by = cat.meeting_forum_ids(body_id, event.programme_id, session_forum)
        return [object_url("organization", f"forum-{pk}") for pk in held_by]
    live_reports = _embedded(
        event, "oparl_live_reports", lambda: event.reports.filter(deleted_at__isnull=True)
    )
    committees = sorted(
        {r.committee_id for r in live_reports if r.committee_id in cat.unit_ids(body_id)}
    )
    return [object_url("organization", pk) for pk in committees]


def forum_agenda_item(cat: Published, item, *, embedded: bool = False) -> dict:
    return compact(
        {
            "id": object_url("agendaitem", f"forum-{item.pk}"),
            "type": oparl_type("AgendaItem"),
            "meeting": None if embedded else object_url("meeting", item.session.event_id),
            "number": str(item.position),
            "order": item.position,
            "name": item.title,
            "public": True,
            "result": ITEM_RESULTS.get(item.result),
            "resolutionText": item.resolution,
            **_stamps(item),
        }
    )


def report_agenda_item(
    cat: Published, report, *, embedded: bool = False, order: int | None = None
) -> dict:
    if order is None and hasattr(report, "oparl_earlier_items"):
        order = report.oparl_forum_items + report.oparl_earlier_items + 1
    if order is None:
        body_id = cat.body_of_programme(report.meeting.programme_id)
        forum_items = cat.forum_agenda_items(body_id).filter(session__event_id=report.meeting_id)
        earlier = cat.report_agenda_items(body_id).filter(
            meeting_id=report.meeting_id, pk__lt=report.pk
        )
        order = forum_items.count() + earlier.count() + 1
    return compact(
        {
            "id": object_url("agendaitem", f"report-{report.pk}"),
            "type": oparl_type("AgendaItem"),
            "meeting": None if embedded else object_url("meeting", report.meeting_id),
            "number": str(order),
            "order": order,
            "name": f"{report.reference} {report.title}",
            "public": report.public,
            "consultation": object_url("consultation", report.pk),
            **_stamps(report),
        }
    )


# ---- Papers, consultations, files -----------------------------------------------------------


def paper(cat: Published, report) -> dict:
    if report.deleted_at is not None:
        return deleted_stub("paper", "Paper", report.pk, report)
    loaded = _embedded(report, "oparl_files", lambda: cat.report_files().filter(report=report))
    files = {f.format: f for f in loaded}
    main = files.pop("pdf", None)
    auxiliary = [report_file(cat, f, embedded=True) for _, f in sorted(files.items())]
    auxiliary += [
        attachment(cat, a, embedded=True)
        for a in _embedded(
            report,
            "oparl_attachments",
            lambda: cat.attachments().filter(report=report).order_by("pk"),
        )
    ]
    if hasattr(report, "oparl_corrects"):
        corrected = [report.oparl_corrects] if report.oparl_corrects is not None else []
    else:
        corrected = list(cat.live_papers().filter(pk=report.corrects_id))
    corrections = _embedded(
        report, "oparl_corrections", lambda: cat.live_papers().filter(corrects=report)
    )
    related = [r.pk for r in corrected] + [r.pk for r in corrections]
    return compact(
        {
            "id": object_url("paper", report.pk),
            "type": oparl_type("Paper"),
            "body": object_url("body", report.body_id),
            "name": report.title,
            "reference": report.reference,
            "date": oparl_date(report.date),
            "paperType": PAPER_TYPES.get(report.paper_type, report.paper_type),
            "relatedPaper": [object_url("paper", pk) for pk in sorted(related)],
            "mainFile": report_file(cat, main, embedded=True) if main else None,
            "auxiliaryFile": auxiliary,
            "underDirectionOf": [object_url("organization", report.department_id)],
            "originatorPerson": _originators(cat, report),
            "consultation": [consultation(cat, report, embedded=True)],
            # The reports app's public page lists every issued paper with its files.
            "web": web_url("reports:public"),
            **_stamps(report),
        }
    )


def _originators(cat: Published, report) -> list[str]:
    """The officer and the signatory, where they are published persons of the body."""
    wanted = {_TITLES.sub("", n.strip()) for n in (report.officer_name, report.signatory) if n}
    wanted |= {n.strip() for n in (report.officer_name, report.signatory) if n}
    names = cat.published_names(report.body_id)
    keys = sorted({pk for name in wanted for pk in names.get(name, ())})
    return [object_url("person", pk) for pk in keys]


def consultation(cat: Published, report, *, embedded: bool = False) -> dict:
    on_agenda = report.meeting_id is not None and report.meeting.kind in (
        EventKind.FORUM_SESSION,
        EventKind.COMMITTEE,
    )
    return compact(
        {
            "id": object_url("consultation", report.pk),
            "type": oparl_type("Consultation"),
            "paper": None if embedded else object_url("paper", report.pk),
            "agendaItem": object_url("agendaitem", f"report-{report.pk}") if on_agenda else None,
            "meeting": object_url("meeting", report.meeting_id) if on_agenda else None,
            "organization": [object_url("organization", report.committee_id)],
            # Only a decision settles the paper; taking receipt or note of it does not.
            "authoritative": report.resolution_quality == ResolutionQuality.ENTSCHEIDUNG,
            "role": ResolutionQuality(report.resolution_quality).label,
            **_stamps(report),
        }
    )


def report_file(cat: Published, f, *, embedded: bool = False) -> dict:
    report = f.report
    if report.deleted_at is not None:
        return deleted_stub("file", "File", f.pk, f)
    key = str(f.pk)
    return compact(
        {
            "id": object_url("file", key),
            "type": oparl_type("File"),
            "name": f"{report.reference} ({f.get_format_display()})",
            "fileName": f.filename,
            "mimeType": f.mime_type,
            "date": oparl_date(report.date),
            "size": f.size,
            "accessUrl": file_access_url(key),
            "downloadUrl": file_download_url(key),
            "paper": None if embedded else [object_url("paper", report.pk)],
            **_stamps(f),
        }
    )


def attachment(cat: Published, a, *, embedded: bool = False) -> dict:
    key = f"attachment-{a.pk}"
    if a.report.deleted_at is not None:
        return deleted_stub("file", "File", key, a)
    return compact(
        {
            "id": object_url("file", key),
            "type": oparl_type("File"),
            "name": a.title,
            "fileName": a.file.name.rsplit("/", 1)[-1],
            "mimeType": a.mime_type,
            "date": oparl_date(timezone.localdate(a.created)),
            "size": a.size or None,
            "accessUrl": file_access_url(key),
            "downloadUrl": file_download_url(key),
            "paper": None if embedded else [object_url("paper", a.report_id)],
            **_stamps(a),
        }
    )


# ---- Locations ------------------------------------------------------------------------------


def venue(cat: Published, location, *, embedded: bool = False) -> dict:
    address = location.address
    return compact(
        {
            "id": object_url("location", location.pk),
            "type": oparl_type("Location"),
            "description": ", ".join(p for p in (location.name, address) if p),
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "locality": location.city,
            **_own_stamps(location),
        }
    )


def body_location(cat: Published, org, *, embedded: bool = False) -> dict:
    return compact(
        {
            "id": object_url("location", f"body-{org.pk}"),
            "type": oparl_type("Location"),
            "description": ", ".join(p for p in (org.name, org.address) if p),
            "streetAddress": org.street,
            "postalCode": org.postcode,
            "locality": org.city,
            "subLocality": org.district,
            "bodies": None if embedded else [object_url("body", org.pk)],
            **_own_stamps(org),
        }
    )
