"""The exports the catalogue adds (the others are linked where their apps offer them).

Each table is built from the querysets its pages use, scoped by `for_user`, and written by
the project's one tabular exporter (lib/tabular.py): names and notes stay text, never a
formula. Consents are the privacy app's (coordinators only, as on its pages); without that
app, the OParl publication bases stand in, which are coordinators' only as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinsforum.lib.tabular import Sheet, TabularExport
from vereinsforum.organisations.models import Affiliation, Organisation, Person


def _date(value) -> Any:
    if value is None:
        return None
    if hasattr(value, "hour"):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def organisations_table(user) -> TabularExport:
    organisations = (
        Organisation.objects.for_user(user).select_related("parent").prefetch_related("languages")
    )
    header = [
        _("ID"),
        _("Name"),
        _("Short name"),
        _("Kind"),
        _("Part of"),
        _("Legal form"),
        _("Register number"),
        _("Street and number"),
        _("Postcode"),
        _("City"),
        _("City district"),
        _("Communities"),
        _("Languages"),
        _("Founding year"),
        _("Members"),
        _("Volunteers"),
        _("E-mail"),
        _("Phone"),
        _("Website"),
        _("Verification"),
    ]
    rows = (
        [
            o.pk,
            o.name,
            o.short_name,
            o.get_kind_display(),
            o.parent.name if o.parent else "",
            o.legal_form,
            o.register_number,
            o.street,
            o.postcode,
            o.city,
            o.district,
            o.communities,
            ", ".join(sorted(lang.code for lang in o.languages.all())),
            o.founded_year,
            o.member_count,
            o.volunteer_count,
            o.email,
            o.phone,
            o.website,
            o.get_verification_display(),
        ]
        for o in organisations.order_by("name", "pk")
    )
    return TabularExport("organisationen", [Sheet(_("Organisations"), header, rows)])


def consent_columns(user) -> tuple[list[str], Callable[[Person], list[Any]]]:
    """The consent columns of the contacts export for `user`: per purpose, the date a
    consent in force was given (empty: none). None for whoever may not see consents."""
    if apps.is_installed("vereinsforum.privacy"):
        from vereinsforum.privacy.models import Consent, Purpose

        visible = Consent.objects.for_user(user).in_force()
        if not getattr(user, "is_coordinator", False):
            return [], lambda person: []
        given: dict[tuple[int, str], Any] = {
            (c.person_id, c.purpose): c.given_on for c in visible.order_by("given_on")
        }
        header = [_("Consent: %(purpose)s") % {"purpose": p.label} for p in Purpose]
        return header, lambda person: [given.get((person.pk, p.value)) for p in Purpose]
    if apps.is_installed("vereinsforum.oparl"):
        from vereinsforum.oparl.models import PublicationBasis

        bases = {
            b.person_id: b for b in PublicationBasis.objects.for_user(user).alive().order_by("pk")
        }
        if not getattr(user, "is_coordinator", False):
            return [], lambda person: []
        header = [_("Publication in OParl: legal basis"), _("Consent given on")]

        def cells(person: Person) -> list[Any]:
            basis = bases.get(person.pk)
            return [basis.get_basis_display(), basis.consent_on] if basis else ["", None]

        return header, cells
    return [], lambda person: []


def contacts_table(user) -> TabularExport:
    visible_orgs = Organisation.objects.for_user(user)
    people = (
        Person.objects.for_user(user)
        .active()
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.current()
                .filter(organisation__in=visible_orgs)
                .select_related("organisation")
                .order_by("organisation__name", "role"),
                to_attr="current_roles",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    consent_header, consent_cells = consent_columns(user)
    header = [
        _("ID"),
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Phone"),
        _("Preferred language"),
        _("Organisation"),
        _("Role"),
        *consent_header,
    ]
    rows = []
    for person in people:
        base = [
            person.pk,
            person.first_name,
            person.last_name,
            person.email,
            person.phone,
            person.preferred_language,
        ]
        # One row per current role, so a spreadsheet filter by organisation finds everyone.
        for affiliation in person.current_roles or [None]:
            rows.append(
                [
                    *base,
                    affiliation.organisation.name if affiliation else "",
                    affiliation.get_role_display() if affiliation else "",
                    *consent_cells(person),
                ]
            )
    return TabularExport("kontakte", [Sheet(_("Contacts"), header, rows)])


def registrations_table(user) -> TabularExport:
    from vereinsforum.events.models import Registration

    registrations = (
        Registration.objects.for_user(user)
        .select_related("event", "organisation", "person")
        .order_by("event__start", "event__pk", "organisation__name", "person__last_name", "pk")
    )
    header = [
        _("Event"),
        _("Start"),
        _("Organisation"),
        _("First name"),
        _("Last name"),
        _("Status"),
        _("Registered on"),
        _("Checked in"),
        _("Attended"),
    ]
    rows = (
        [
            r.event.title,
            _date(r.event.start),
            r.organisation.name if r.organisation else "",
            r.person.first_name if not r.person.pseudonymised_at else "",
            r.person.last_name if not r.person.pseudonymised_at else r.person.full_name,
            r.get_status_display(),
            _date(r.created),
            _date(r.checked_in_at),
            _("yes") if r.checked_in_at else _("no"),
        ]
        for r in registrations
    )
    return TabularExport("anmeldungen", [Sheet(_("Registrations"), header, rows)])


def poll_results_table(user) -> TabularExport:
    """Counted polls, one row per option: the result as the results page shows it. No
    ballot and no voter: a secret poll stays secret."""
    from vereinsforum.forum.models import Poll

    polls = (
        Poll.objects.for_user(user)
        .filter(counted_at__isnull=False)
        .select_related("body")
        .prefetch_related("options")
        .order_by("opens_at", "pk")
    )
    header = [
        _("Poll"),
        _("Forum"),
        _("Method"),
        _("Counted"),
        _("Ballots"),
        _("Entitled to vote"),
        _("Option"),
        _("Place"),
        _("Score"),
        _("Weight"),
    ]
    rows = []
    for poll in polls:
        for option in poll.ranked_options():
            rows.append(
                [
                    poll.title,
                    poll.body.name,
                    poll.get_method_display(),
                    _date(poll.counted_at),
                    poll.tally.get("ballots"),
                    poll.eligible,
                    option.label,
                    option.rank,
                    option.score,
                    option.weight,
                ]
            )
    return TabularExport("abstimmungsergebnisse", [Sheet(_("Poll results"), header, rows)])


def measures_table(user) -> TabularExport:
    from vereinsforum.measures.models import Measure

    measures = (
        Measure.objects.for_user(user)
        .select_related("responsible_organisation", "programme")
        .prefetch_related("fields")
        .order_by("programme__pk", "start", "title", "pk")
    )
    header = [
        _("ID"),
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Responsible organisation"),
        _("Fields"),
        _("Planned start"),
        _("Planned end"),
        _("Target: participants"),
        _("Target: associations"),
    ]
    rows = (
        [
            measure.pk,
            measure.title,
            measure.get_kind_display(),
            measure.get_status_display(),
            measure.responsible_organisation.name if measure.responsible_organisation else "",
            ", ".join(f.key for f in measure.fields.all()),
            measure.start,
            measure.end,
            measure.target_participants,
            measure.target_associations,
        ]
        for measure in measures
    )
    return TabularExport("massnahmen", [Sheet(_("Measures"), header, rows)])


@dataclass(frozen=True)
class Export:
    slug: str
    title: Any
    description: Any
    build: Callable[[Any], TabularExport]
    #: The app the rows come from; the export is offered only while it is installed.
    app: str = ""
    coordinators_only: bool = False


EXPORTS: tuple[Export, ...] = (
    Export(
        "organisationen",
        gettext_lazy("Organisations"),
        gettext_lazy("Every organisation with its address, register number and figures."),
        organisations_table,
    ),
    Export(
        "kontakte",
        gettext_lazy("Contacts"),
        gettext_lazy(
            "Contacts with their current roles; for coordinators with the consents in force "
            "(the date each was given)."
        ),
        contacts_table,
    ),
    Export(
        "anmeldungen",
        gettext_lazy("Registrations and attendance"),
        gettext_lazy("Every registration for an event, its status and the check-in."),
        registrations_table,
        app="vereinsforum.events",
    ),
    Export(
        "abstimmungen",
        gettext_lazy("Poll results"),
        gettext_lazy("The counted polls of the forum: places, scores and weights per option."),
        poll_results_table,
        app="vereinsforum.forum",
    ),
    Export(
        "massnahmen",
        gettext_lazy("Measures"),
        gettext_lazy("Every measure with its status, responsible organisation and targets."),
        measures_table,
        app="vereinsforum.measures",
    ),
)
EXPORTS_BY_SLUG = {e.slug: e for e in EXPORTS}


def available_exports() -> list[Export]:
    return [e for e in EXPORTS if not e.app or apps.is_installed(e.app)]
