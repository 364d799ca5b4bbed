"""Every named URL × every role: the answer each role gets, and what a page may show them.

`EXPECTED` is the site's authorisation policy in one table. Its keys are exactly the URL
names Django resolves (`test_every_named_url_has_an_entry`): a new page without an entry
fails, and so does an entry for a page that is gone. The Django admin's URLs get theirs by
rule (`admin_cases`), from the models registered there.

Each case is asked by every role: the five roles, `outsider` (the representative of another
association), `former` (a representative of `own` whose own chair role has ended) and the
public. A page shown to one of the non-staff roles (200, or a form with errors, or an
error page) must not contain a name, title or address of an association that role has no
business with (`SENTINELS`, planted by
url_matrix_world.py). Pages that change something are also posted to, with an empty body:
a refused post must write nothing at all, and no audit entry in particular.

The world is built once for the module inside a transaction that is rolled back at the end;
each request runs in a savepoint of its own, so no request sees another's writes.
"""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from vereinsforum.accounts.models import User
from vereinsforum.accounts.tests.url_matrix_world import OTHER, OWN, ROLES, World, build_world
from vereinsforum.api.tests.matrix_world import OPEN as API_OPEN
from vereinsforum.api.tests.matrix_world import api_routes
from vereinsforum.audit.models import AuditEntry
from vereinsforum.guides.tests.matrix_world import guides
from vereinsforum.privacy.tests.matrix_world import consent
from vereinsforum.programmes.models import InterviewerAssignment, TeamMember
from vereinsforum.testing.otp import OTPClient
from vereinsforum.workinggroups.tests.matrix_world import working_group

# ---- outcomes -------------------------------------------------------------------------------

OK, BAD_REQUEST, FORBIDDEN, HIDDEN, NOT_ALLOWED = 200, 400, 403, 404, 405
UNAUTHORIZED = 401
#: Sent to the login page with ?next= (the public on a page that needs a login).
LOGIN = "login"
#: Sent to the admin's own login page (the admin belongs to coordinators).
ADMIN_LOGIN = "admin login"
#: Outcomes that refuse: a post answered with one of them must not write anything.
REFUSALS = {FORBIDDEN, HIDDEN, NOT_ALLOWED, LOGIN, ADMIN_LOGIN}


@dataclass(frozen=True)
class To:
    """A redirect to a named page (its path; a query string may follow)."""

    name: str
    kwargs: Callable[[World], dict] | None = None

    def path(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)


Outcome = int | str | To
Roles = dict[str, Outcome]


@dataclass(frozen=True)
class Case:
    args: Callable[[World], dict]
    get: Roles
    #: For pages that change something: the answer to a post with an empty body.
    post: Roles | None = None
    variant: str = ""


def expect(default: Outcome, **roles: Outcome) -> Roles:
    """Every role answers `default`, except the ones named."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return {role: roles.get(role, default) for role in ROLES}


def signed_in(ok: Outcome = OK, **roles: Outcome) -> Roles:
    """Any account that acts: the public logs in; the former chair acts for nobody."""
    return expect(ok, **{"public": LOGIN, "former": FORBIDDEN, **roles})


def staff(ok: Outcome = OK) -> Roles:
    return expect(FORBIDDEN, coordinator=ok, team_member=ok, public=LOGIN)


def coordinators(ok: Outcome = OK) -> Roles:
    return expect(FORBIDDEN, coordinator=ok, public=LOGIN)


def no_args(world: World) -> dict:
    return {}


def org(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.side(side).organisation.pk}


def contact(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.side(side).contact.pk}


def registration(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.side(side).registration.pk}


def interview(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.side(side).interview.pk}


def klausur(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.side(side).klausur.pk}


def shared(w: World) -> dict:
    return {"pk": w.shared.pk}


def training(w: World) -> dict:
    return {"pk": w.training.pk}


def wave(w: World) -> dict:
    return {"pk": w.wave.pk}


def draft_report(w: World) -> dict:
    return {"pk": w.draft_report.pk}


def public_report(w: World) -> dict:
    return {"pk": w.public_report.pk}


def attachment(which: str) -> Callable[[World], dict]:
    def args(w: World) -> dict:
        report = w.public_report if which == "public" else w.internal_report
        return {"pk": report.pk, "attachment_pk": w.attachments[report.pk].pk}

    return args


def report_file(which: str) -> Callable[[World], dict]:
    def args(w: World) -> dict:
        report = w.public_report if which == "public" else w.internal_report
        return {"pk": report.pk, "format": "pdf"}

    return args


def oparl_file(which: str) -> Callable[[World], dict]:
    def args(w: World) -> dict:
        report = w.public_report if which == "public" else w.internal_report
        return {"key": str(report.files.get(format="pdf").pk)}

    return args


def poll(w: World) -> dict:
    return {"pk": w.poll.pk}


def session(w: World) -> dict:
    return {"event_pk": w.session_event.pk}


def measure(w: World) -> dict:
    return {"pk": w.extra["measure"].pk}


def version(w: World) -> dict:
    return {"pk": w.version.pk}


def team_member_account(w: World) -> dict:
    return {"pk": w.users["team_member"].pk}


def interviewer_account(w: World) -> dict:
    return {"pk": w.users["interviewer"].pk}


def team_row(w: World) -> dict:
    return {"pk": TeamMember.objects.order_by("pk").first().pk}


def first_field(w: World) -> dict:
    return {"pk": w.programme.fields.order_by("position").first().pk}


def wg(side: str) -> Callable[[World], dict]:
    return lambda w: {"pk": working_group(w, side).group.pk}


def wg_row(side: str, row: str) -> Callable[[World], dict]:
    """A row of `side`'s working group: its membership, task or document."""
    return lambda w: {"pk": getattr(working_group(w, side), row).pk}


# ---- the table ------------------------------------------------------------------------------
# "own" is Anadolu e.V. (the representative's, assigned to the interviewer, the former chair's
# old association); "other" is Centro Zentrovic e.V. (the outsider's). The service provider
# acts for a welfare service that has nothing to do with either.

#: Readers of one association's records: staff, its interviewer, its representative.
OWN_RECORD = signed_in(OK, service_provider=HIDDEN, outsider=HIDDEN)
OTHER_RECORD = signed_in(OK, interviewer=HIDDEN, representative=HIDDEN, service_provider=HIDDEN)
#: A contact of both: each side reads her, as its own contact only (the content check).
BOTH_RECORDS = signed_in(OK, service_provider=HIDDEN)
#: Editors of one association's records: coordinators and its representative; staff and the
#: interviewer who may read it are refused (403), the others are not told it exists (404).
OWN_EDIT = signed_in(
    OK, team_member=FORBIDDEN, interviewer=FORBIDDEN, service_provider=HIDDEN, outsider=HIDDEN
)
OTHER_EDIT = signed_in(
    OK, team_member=FORBIDDEN, interviewer=HIDDEN, representative=HIDDEN, service_provider=HIDDEN
)
#: Event pages for a chosen audience: staff and the invited association only.
OWN_EVENT = expect(HIDDEN, coordinator=OK, team_member=OK, representative=OK)
OTHER_EVENT = expect(HIDDEN, coordinator=OK, team_member=OK, outsider=OK)
#: Post-only pages (require_POST first): a GET is 405 whoever asks.
GET_405 = expect(NOT_ALLOWED)
#: Forum readers: staff and association representatives.
FORUM_READERS = signed_in(OK, interviewer=FORBIDDEN, service_provider=FORBIDDEN)
#: Pages run by staff that check the role before the method (a GET is 405 only for staff).
STAFF_POST_ONLY = staff(NOT_ALLOWED)
#: The offers of the migration services and their coverage: staff and service providers.
OFFER_READERS = signed_in(OK, interviewer=FORBIDDEN, representative=FORBIDDEN, outsider=FORBIDDEN)


def tandem(key: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.extra[key].pk}


#: Tandems: staff and association representatives.
TANDEM_READERS = signed_in(OK, interviewer=FORBIDDEN, service_provider=FORBIDDEN)
#: A page of the own association's tandems: the outsider does not find it.
TANDEM_OWN = {**TANDEM_READERS, "outsider": HIDDEN}
TANDEM_OWN_WORKERS = ("coordinator", "team_member", "representative")
#: Answer and feedback: representatives only, the role checked before the method.
TANDEM_ANSWERERS_GET = expect(
    FORBIDDEN, representative=NOT_ALLOWED, outsider=NOT_ALLOWED, public=LOGIN
)


def offer(key: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.extra[key].pk}


#: A working group: staff and the representative of its member association.
WG_WORKERS = ("coordinator", "team_member", "representative")
WG_OWN = signed_in(HIDDEN, coordinator=OK, team_member=OK, representative=OK, interviewer=FORBIDDEN)
WG_OTHER = signed_in(HIDDEN, coordinator=OK, team_member=OK, outsider=OK, interviewer=FORBIDDEN)
WG_OWN_FORM = {**WG_OWN, **dict.fromkeys(WG_WORKERS, BAD_REQUEST)}
#: Post-only pages of members and staff: the role is checked before the method.
WG_POST_ONLY = signed_in(NOT_ALLOWED, interviewer=FORBIDDEN)


def registration_post(side: str) -> Roles:
    """Cancelling or swapping `side`'s seat at the training: staff and that association."""
    back = To("events:detail", training)
    theirs = "representative" if side == "own" else "outsider"
    return signed_in(
        HIDDEN,
        coordinator=back,
        team_member=back,
        **{theirs: back},
    )


def registration_question(side: str) -> Roles:
    """The page that asks before `side`'s seat is cancelled: for those who may cancel it."""
    theirs = "representative" if side == "own" else "outsider"
    return signed_in(HIDDEN, coordinator=OK, team_member=OK, **{theirs: OK})


def invitation_post(side: str) -> Roles:
    back = To("events:detail", klausur(side))
    theirs = "representative" if side == "own" else "outsider"
    return signed_in(HIDDEN, coordinator=back, team_member=back, **{theirs: back})


def staff_event_cases(post: bool = True) -> list[Case]:
    """A staff page of one event, for the public training and for another's Klausur."""
    return [
        Case(training, staff(), staff() if post else None, "public"),
        Case(klausur("other"), staff(), staff() if post else None, "other_klausur"),
    ]


def staff_event_action(target: str) -> list[Case]:
    """A post-only staff action on one event that redirects to `target` of that event."""
    return [
        Case(training, GET_405, staff(To(target, training)), "public"),
        Case(
            klausur("other"),
            GET_405,
            staff(To(target, klausur("other"))),
            "other_klausur",
        ),
    ]


def guide(which: str) -> Callable[[World], dict]:
    return lambda w: {"slug": getattr(guides(w), which).slug}


def guide_step(which: str, step: str) -> Callable[[World], dict]:
    return lambda w: {"slug": getattr(guides(w), which).slug, "step": step}


def guide_section(w: World) -> dict:
    return {"pk": guides(w).section.pk}


#: Guides: a draft is read and written by staff and its working group's association (own).
GUIDE_DRAFT_READ = expect(HIDDEN, coordinator=OK, team_member=OK, representative=OK)
GUIDE_MEMBERS_READ = expect(OK, service_provider=HIDDEN, former=HIDDEN, public=HIDDEN)
GUIDE_AUTHORS = ("coordinator", "team_member", "representative")
GUIDE_WRITE = signed_in(
    HIDDEN, coordinator=OK, team_member=OK, representative=OK, interviewer=FORBIDDEN
)
GUIDE_WRITE_FORM = {**GUIDE_WRITE, **dict.fromkeys(GUIDE_AUTHORS, BAD_REQUEST)}
#: Post-only pages of authors: the role is checked before the method.
GUIDE_POST_ONLY = signed_in(NOT_ALLOWED, interviewer=FORBIDDEN)


def guide_back(target: str, args: Callable[[World], dict]) -> Roles:
    return {**GUIDE_WRITE, **dict.fromkeys(GUIDE_AUTHORS, To(target, args))}


EXPECTED: dict[str, list[Case]] = {
    # ---- web: public pages and the dashboard
    "web:start": [Case(no_args, expect(OK))],
    "web:accessibility": [Case(no_args, expect(OK))],
    "web:accessibility_feedback": [Case(no_args, expect(OK), expect(OK))],
    "web:privacy": [Case(no_args, expect(OK))],
    "web:imprint": [Case(no_args, expect(OK))],
    # The former chair is logged in and is told why there is nothing to see.
    "web:dashboard": [Case(no_args, expect(OK, public=LOGIN))],
    "set_language": [Case(no_args, expect(To("web:start")))],
    # ---- accounts: one's own account, for every account (the former chair's too)
    "accounts:account": [Case(no_args, expect(OK, public=LOGIN))],
    "accounts:login": [Case(no_args, expect(To("web:dashboard"), public=OK))],
    "accounts:logout": [Case(no_args, GET_405, expect(To("web:start")))],
    "accounts:otp_verify": [Case(no_args, expect(To("web:dashboard"), public=LOGIN))],
    # Coordinators already have their app; everyone else may set one up.
    "accounts:otp_setup": [
        Case(
            no_args,
            expect(OK, coordinator=To("accounts:account"), public=LOGIN),
            expect(OK, coordinator=To("accounts:account"), public=LOGIN),
        )
    ],
    "accounts:otp_recovery_codes": [
        Case(
            no_args,
            expect(To("accounts:account"), public=LOGIN),
            # Only an account with a second factor gets new codes.
            expect(
                To("accounts:account"),
                coordinator=To("accounts:otp_recovery_codes"),
                public=LOGIN,
            ),
        )
    ],
    "accounts:otp_remove": [
        Case(
            no_args,
            expect(NOT_ALLOWED, public=LOGIN),
            expect(BAD_REQUEST, public=LOGIN),
        )
    ],
    "accounts:password_reset": [Case(no_args, expect(OK), expect(OK))],
    "accounts:password_reset_done": [Case(no_args, expect(OK))],
    # A link with a wrong token: the page says the link is not valid.
    "accounts:password_reset_confirm": [
        Case(lambda w: {"uidb64": "MQ", "token": "set-password"}, expect(OK), expect(OK))
    ],
    "accounts:password_reset_complete": [Case(no_args, expect(OK))],
    # An invitation link with a wrong token: the page says the link is not valid.
    "accounts:activate": [
        Case(lambda w: {"uidb64": "MQ", "token": "set-password"}, expect(OK), expect(OK))
    ],
    # ---- accounts: the coordinators' account management (the team member's account)
    "accounts:users": [Case(no_args, coordinators())],
    # An empty invitation: the form asks for a person and a role.
    "accounts:user_invite": [Case(no_args, coordinators(), coordinators())],
    "accounts:user_detail": [Case(team_member_account, coordinators())],
    "accounts:user_role": [
        Case(team_member_account, coordinators(NOT_ALLOWED), coordinators(BAD_REQUEST))
    ],
    # The team member has set a password: no new invitation, a message on the account's page.
    **{
        f"accounts:{name}": [
            Case(
                team_member_account,
                coordinators(NOT_ALLOWED),
                coordinators(To("accounts:user_detail", team_member_account)),
            )
        ]
        for name in ("user_deactivate", "user_reactivate", "user_invitation_resend")
    },
    # ---- organisations
    "organisations:list": [Case(no_args, signed_in())],
    "organisations:people": [Case(no_args, signed_in())],
    "organisations:create": [Case(no_args, coordinators(), coordinators())],
    "organisations:person_create": [Case(no_args, coordinators(), coordinators())],
    "organisations:detail": [
        Case(org("own"), OWN_RECORD, variant="own"),
        Case(org("other"), OTHER_RECORD, variant="other"),
    ],
    **{
        f"organisations:{name}": [
            Case(org("own"), OWN_EDIT, OWN_EDIT, "own"),
            Case(org("other"), OTHER_EDIT, OTHER_EDIT, "other"),
        ]
        for name in ("edit", "contact_create", "affiliation_add")
    },
    "organisations:person": [
        Case(contact("own"), OWN_RECORD, variant="own"),
        Case(contact("other"), OTHER_RECORD, variant="other"),
        Case(shared, BOTH_RECORDS, variant="shared"),
    ],
    **{
        f"organisations:{name}": [
            Case(contact("own"), OWN_EDIT, OWN_EDIT, "own"),
            Case(contact("other"), OTHER_EDIT, OTHER_EDIT, "other"),
        ]
        for name in ("person_edit", "person_affiliation_add")
    },
    "organisations:affiliation_end": [
        Case(lambda w: {"pk": w.own.contact_role.pk}, OWN_EDIT, OWN_EDIT, "own"),
        Case(lambda w: {"pk": w.other.contact_role.pk}, OTHER_EDIT, OTHER_EDIT, "other"),
    ],
    # Erasure is the coordinators' alone; the role is checked before the person is looked up.
    "organisations:person_erase": [
        Case(contact("own"), coordinators(), coordinators(), "own"),
        Case(contact("other"), coordinators(), coordinators(), "other"),
    ],
    # ---- programmes and audit
    "programmes:team": [Case(no_args, signed_in())],
    "programmes:participation_record": [
        Case(lambda w: {"organisation_pk": w.own.organisation.pk}, *[coordinators()] * 2, "own"),
        Case(
            lambda w: {"organisation_pk": w.other.organisation.pk}, *[coordinators()] * 2, "other"
        ),
    ],
    # The coordinator's set-up (programmes/setup_views.py). The world's fields are all asked
    # about by its instrument and its language "tr" is spoken by `own`: removing either is
    # refused on the page (200), and an empty post of the site details saves them.
    "programmes:setup": [Case(no_args, coordinators())],
    # The team and the interviewers' associations: read by all on the team page, changed by
    # coordinators; empty posts show the forms' errors.
    "programmes:team_add": [Case(no_args, coordinators(), coordinators())],
    "programmes:team_end": [Case(team_row, coordinators(), coordinators())],
    "programmes:team_remove": [
        Case(team_row, coordinators(NOT_ALLOWED), coordinators(To("programmes:team")))
    ],
    "programmes:interviewers": [Case(no_args, coordinators())],
    # No association chosen: back to the page, with a message.
    "programmes:interviewer_assignments": [
        Case(
            interviewer_account,
            coordinators(),
            coordinators(To("programmes:interviewer_assignments", interviewer_account)),
        )
    ],
    "programmes:interviewer_unassign": [
        Case(
            lambda w: {
                "pk": InterviewerAssignment.objects.get(interviewer=w.users["interviewer"]).pk
            },
            coordinators(NOT_ALLOWED),
            coordinators(To("programmes:interviewer_assignments", interviewer_account)),
        )
    ],
    "programmes:setup_programme": [Case(no_args, coordinators(), coordinators())],
    "programmes:setup_fields": [Case(no_args, coordinators())],
    "programmes:setup_field_create": [Case(no_args, coordinators(), coordinators())],
    **{
        f"programmes:{name}": [Case(first_field, coordinators(), coordinators())]
        for name in ("setup_field_edit", "setup_field_delete")
    },
    "programmes:setup_field_move": [
        Case(
            first_field,
            coordinators(NOT_ALLOWED),
            coordinators(To("programmes:setup_fields")),
        )
    ],
    "programmes:setup_languages": [Case(no_args, coordinators(), coordinators())],
    **{
        f"programmes:{name}": [Case(lambda w: {"code": "tr"}, coordinators(), coordinators())]
        for name in ("setup_language_edit", "setup_language_delete")
    },
    "programmes:setup_site": [Case(no_args, coordinators(), coordinators(To("web:dashboard")))],
    "audit:log": [Case(no_args, coordinators())],
    "audit:export": [Case(lambda w: {"fmt": "csv"}, coordinators())],
    # ---- events: lists, event pages and feeds
    "events:list": [Case(no_args, expect(OK))],
    "events:calendar": [Case(no_args, expect(OK))],
    "events:calendar_month": [
        Case(lambda w: {"year": w.training.start.year, "month": w.training.start.month}, expect(OK))
    ],
    **{
        f"events:{name}": [
            Case(training, expect(OK), variant="public"),
            Case(klausur("own"), OWN_EVENT, variant="own_klausur"),
            Case(klausur("other"), OTHER_EVENT, variant="other_klausur"),
            Case(
                lambda w: {"pk": w.enrolled_event.pk},
                expect(HIDDEN, coordinator=OK, team_member=OK, representative=OK, outsider=OK),
                variant="enrolled",
            ),
        ]
        for name in ("detail", "ics")
    },
    # Registering needs an association to register for (staff register on behalf elsewhere);
    # an event the user may not see is not found, as on its page.
    "events:register": [
        Case(
            training,
            GET_405,
            signed_in(
                FORBIDDEN,
                representative=To("events:detail", training),
                service_provider=To("events:detail", training),
                outsider=To("events:detail", training),
            ),
            "public",
        ),
        Case(
            klausur("own"),
            GET_405,
            signed_in(
                HIDDEN,
                coordinator=FORBIDDEN,
                team_member=FORBIDDEN,
                representative=To("events:detail", klausur("own")),
            ),
            "own_klausur",
        ),
        Case(
            klausur("other"),
            GET_405,
            signed_in(
                HIDDEN,
                coordinator=FORBIDDEN,
                team_member=FORBIDDEN,
                outsider=To("events:detail", klausur("other")),
            ),
            "other_klausur",
        ),
    ],
    # Cancelling asks first: a GET shows the question (the page behind the dialog).
    "events:cancel": [
        Case(registration(s), registration_question(s), registration_post(s), s)
        for s in ("own", "other")
    ],
    "events:swap": [
        Case(registration("own"), GET_405, registration_post("own"), "own"),
        Case(registration("other"), GET_405, registration_post("other"), "other"),
    ],
    # The seat at the training is not attended yet: back to the event, with a message.
    "events:certificate": [
        Case(
            registration("own"),
            signed_in(
                HIDDEN,
                coordinator=To("events:detail", training),
                team_member=To("events:detail", training),
                representative=To("events:detail", training),
            ),
            variant="own",
        ),
        Case(
            registration("other"),
            signed_in(
                HIDDEN,
                coordinator=To("events:detail", training),
                team_member=To("events:detail", training),
                outsider=To("events:detail", training),
            ),
            variant="other",
        ),
    ],
    "events:answer": [
        Case(lambda w: {"pk": w.own.invitation.pk}, GET_405, invitation_post("own"), "own"),
        Case(lambda w: {"pk": w.other.invitation.pk}, GET_405, invitation_post("other"), "other"),
    ],
    # Reached by the secret code in the e-mail: the code is the permission.
    **{
        f"events:{name}": [
            Case(
                lambda w, s=side: {"code": w.side(s).registration.code},
                expect(OK),
                expect(To("events:ticket", lambda w, s=side: {"code": w.side(s).registration.code}))
                if name == "offer"
                else None,
                side,
            )
            for side in ("own", "other")
        ]
        for name in ("offer", "ticket")
    },
    "events:history_organisation": [
        Case(org("own"), OWN_RECORD, variant="own"),
        Case(org("other"), OTHER_RECORD, variant="other"),
    ],
    "events:history_person": [
        Case(contact("own"), OWN_RECORD, variant="own"),
        Case(contact("other"), OTHER_RECORD, variant="other"),
        Case(shared, BOTH_RECORDS, variant="shared"),
    ],
    # A post without a known action is refused: there is nothing to create or revoke.
    "events:feeds": [Case(no_args, signed_in(), signed_in(FORBIDDEN))],
    "events:public_feed": [Case(no_args, expect(OK))],
    # Secret feed addresses, like the codes above; but an association's feed dies with its
    # maker's role in the association (the former chair's feed).
    "events:feed": [
        Case(lambda w: {"token": w.own.feed.token}, expect(OK), variant="own"),
        Case(lambda w: {"token": w.other.feed.token}, expect(OK), variant="other"),
        Case(lambda w: {"token": w.extra["former_feed"].token}, expect(HIDDEN), variant="former"),
    ],
    # ---- events: staff pages
    "events:create": [Case(no_args, staff(), staff())],
    **{
        f"events:{name}": staff_event_cases()
        for name in ("edit", "cancel_event", "invitations", "registrations", "walk_in")
    },
    "events:attendance_import": staff_event_cases(),
    "events:attendance_record": staff_event_cases(),
    "events:checkin": staff_event_cases(post=False),
    "events:checkin_code": staff_event_action("events:checkin"),
    "events:attendance_close": staff_event_action("events:checkin"),
    # No organisation named: nothing to enrol, said on the check-in page.
    "events:enrol": staff_event_action("events:checkin"),
    "events:cancel_staff": [
        Case(registration(s), staff(), staff(To("events:registrations", training)), s)
        for s in ("own", "other")
    ],
    "events:checkin_registration": [
        Case(registration(s), GET_405, staff(To("events:checkin", training)), s)
        for s in ("own", "other")
    ],
    # ---- needs analysis
    "needs:index": [Case(no_args, expect(OK))],
    "needs:instrument_list": [Case(no_args, coordinators(), coordinators())],
    "needs:instrument": [Case(version, coordinators())],
    "needs:instrument_fields": [
        Case(version, GET_405, coordinators(To("needs:instrument", version)))
    ],
    "needs:instrument_publish": [
        Case(version, GET_405, coordinators(To("needs:instrument", version)))
    ],
    "needs:instrument_item": [
        Case(lambda w: {"pk": w.item.pk}, GET_405, coordinators(BAD_REQUEST))
    ],
    "needs:wave_create": [Case(no_args, coordinators(), coordinators())],
    "needs:wave": [Case(wave, signed_in())],
    # No association named: none to start with.
    "needs:interview_start": [Case(wave, GET_405, signed_in(HIDDEN))],
    # Aggregates of five associations or more are public.
    "needs:evaluation": [Case(wave, expect(OK))],
    "needs:presentation": [Case(wave, expect(OK))],
    "needs:clusters": [Case(wave, expect(OK))],
    "needs:chart_png": [Case(lambda w: {"pk": w.wave.pk, "chart": "ranking"}, expect(OK))],
    "needs:heatmap": [Case(wave, signed_in())],
    "needs:multipliers": [Case(wave, coordinators())],
    "needs:wave_settings": [Case(wave, GET_405, coordinators(To("needs:clusters", wave)))],
    "needs:export": [
        # Single answers: each user's visible rows (none for staff other than coordinators).
        Case(
            lambda w: {"pk": w.wave.pk, "what": "antworten", "fmt": "csv"},
            signed_in(),
            variant="answers",
        ),
        Case(
            lambda w: {"pk": w.wave.pk, "what": "kennzahlen", "fmt": "csv"},
            expect(OK),
            variant="aggregates",
        ),
    ],
    # The follow-up's drafts: own is the interviewer's (the representative reads it),
    # other is the outsider's self-assessment.
    "needs:interview": [
        Case(
            interview("own"),
            signed_in(HIDDEN, coordinator=OK, interviewer=OK, representative=OK),
            signed_in(
                HIDDEN,
                coordinator=To("needs:interview", interview("own")),
                interviewer=To("needs:interview", interview("own")),
                representative=FORBIDDEN,
            ),
            "own",
        ),
        Case(
            interview("other"),
            signed_in(HIDDEN, coordinator=OK, outsider=OK),
            signed_in(
                HIDDEN,
                coordinator=To("needs:interview", interview("other")),
                outsider=To("needs:interview", interview("other")),
            ),
            "other",
        ),
    ],
    "needs:interview_autosave": [
        Case(
            interview("own"),
            GET_405,
            signed_in(HIDDEN, coordinator=OK, interviewer=OK, representative=FORBIDDEN),
            "own",
        ),
        Case(interview("other"), GET_405, signed_in(HIDDEN, coordinator=OK, outsider=OK), "other"),
    ],
    "needs:interview_validate": [
        Case(
            interview(s),
            GET_405,
            coordinators(To("needs:wave", lambda w: {"pk": w.follow_up.pk})),
            s,
        )
        for s in ("own", "other")
    ],
    "needs:interview_return": [
        Case(interview(s), GET_405, coordinators(To("needs:interview", interview(s))), s)
        for s in ("own", "other")
    ],
    "needs:association": [
        Case(
            org("own"),
            signed_in(HIDDEN, coordinator=OK, interviewer=OK, representative=OK),
            variant="own",
        ),
        Case(org("other"), signed_in(HIDDEN, coordinator=OK, outsider=OK), variant="other"),
    ],
    "needs:my_results": [
        Case(
            no_args,
            signed_in(
                HIDDEN,
                representative=To("needs:association", org("own")),
                outsider=To("needs:association", org("other")),
            ),
        )
    ],
    # ---- forum: read by staff and representatives, run by staff
    **{
        f"forum:{name}": [Case(args, FORUM_READERS)]
        for name, args in (
            ("index", no_args),
            ("rules", no_args),
            ("session_detail", session),
            ("poll_results", poll),
            ("poll_projector", poll),
            ("poll_projector_status", poll),
        )
    },
    # Only a member association's delegate votes: none of these roles is one.
    "forum:poll_detail": [Case(poll, FORUM_READERS, signed_in(FORBIDDEN))],
    **{
        f"forum:{name}": [Case(args, staff(), staff())]
        for name, args in (
            ("body_edit", no_args),
            ("membership_add", no_args),
            ("membership_edit", lambda w: {"pk": w.membership.pk}),
            ("minutes_edit", session),
            ("agenda_item_edit", lambda w: {"pk": w.agenda_item.pk}),
            ("poll_create", no_args),
        )
    },
    "forum:poll_paper": [Case(poll, staff(), staff(BAD_REQUEST))],
    "forum:agenda_item_add": [
        Case(session, STAFF_POST_ONLY, staff(To("forum:session_detail", session)))
    ],
    "forum:agenda_item_move": [
        Case(
            lambda w: {"pk": w.agenda_item.pk},
            STAFF_POST_ONLY,
            staff(To("forum:session_detail", session)),
        )
    ],
    "forum:poll_close": [Case(poll, STAFF_POST_ONLY, staff(To("forum:poll_results", poll)))],
    "forum:poll_draw": [Case(poll, STAFF_POST_ONLY, staff(To("forum:poll_results", poll)))],
    # ---- measures: run by staff, read by representatives of enrolled associations (both
    # are) and by the organisation responsible (the department: not the service provider's)
    "measures:list": [Case(no_args, signed_in(OK, interviewer=FORBIDDEN))],
    "measures:detail": [
        Case(measure, signed_in(OK, interviewer=FORBIDDEN, service_provider=HIDDEN))
    ],
    "measures:create": [Case(no_args, staff(), staff())],
    **{f"measures:{name}": [Case(measure, staff(), staff())] for name in ("edit", "status")},
    # An empty post unlinks every event: back to the measure.
    "measures:events": [Case(measure, staff(), staff(To("measures:detail", measure)))],
    # Without the formset's management data the page says what is missing.
    "measures:from_resolution": [
        Case(lambda w: {"item_pk": w.extra["resolution"].pk}, staff(), staff())
    ],
    # Traceability by field: aggregates for the forum's readers, names for staff only.
    "measures:trace_index": [Case(no_args, FORUM_READERS)],
    "measures:trace": [Case(first_field, FORUM_READERS)],
    # Accountability: public, names no one.
    "measures:accountability": [Case(no_args, expect(OK))],
    # ---- working groups: run by staff; read and worked on (tasks, documents) by the
    # representatives of the member associations; not found by anyone else
    "workinggroups:list": [Case(no_args, signed_in(OK, interviewer=FORBIDDEN))],
    "workinggroups:detail": [
        Case(wg("own"), WG_OWN, variant="own"),
        Case(wg("other"), WG_OTHER, variant="other"),
    ],
    # An empty form: the page says what is missing.
    "workinggroups:create": [Case(no_args, staff(), staff(BAD_REQUEST))],
    **{
        f"workinggroups:{name}": [Case(wg("own"), staff(), staff(BAD_REQUEST))]
        for name in ("edit", "member_add", "meeting_add")
    },
    "workinggroups:member_remove": [
        Case(
            wg_row("own", "membership"),
            STAFF_POST_ONLY,
            staff(To("workinggroups:detail", wg("own"))),
        )
    ],
    "workinggroups:task_add": [Case(wg("own"), WG_OWN, WG_OWN_FORM)],
    "workinggroups:task_edit": [Case(wg_row("own", "task"), WG_OWN, WG_OWN_FORM)],
    # No status chosen: back to the group with a message.
    "workinggroups:task_status": [
        Case(
            wg_row("own", "task"),
            WG_POST_ONLY,
            {**WG_OWN, **dict.fromkeys(WG_WORKERS, To("workinggroups:detail", wg("own")))},
        )
    ],
    "workinggroups:document_add": [
        Case(
            wg("own"),
            {**WG_OWN, **dict.fromkeys(WG_WORKERS, To("workinggroups:detail", wg("own")))},
            WG_OWN_FORM,
        )
    ],
    "workinggroups:document": [Case(wg_row("own", "document"), WG_OWN)],
    "workinggroups:document_remove": [
        Case(
            wg_row("own", "document"),
            STAFF_POST_ONLY,
            staff(To("workinggroups:detail", wg("own"))),
        )
    ],
    # ---- offers of the migration services: staff and service providers; a provider edits
    # its own service's offers only, and reads the coverage aggregated (no association named)
    "offers:list": [Case(no_args, OFFER_READERS)],
    "offers:create": [Case(no_args, OFFER_READERS, OFFER_READERS)],
    "offers:edit": [
        Case(offer("own_offer"), OFFER_READERS, OFFER_READERS, "own"),
        Case(offer("other_offer"), staff(), staff(), "other_service"),
    ],
    "offers:coverage": [Case(no_args, OFFER_READERS)],
    "offers:coverage_compute": [Case(no_args, GET_405, staff(To("offers:coverage")))],
    "offers:coverage_measure": [
        Case(
            lambda w: {
                "pk": w.extra["coverage_run"].pk,
                "field_pk": w.programme.fields.order_by("position").last().pk,
            },
            GET_405,
            staff(To("offers:coverage")),
        )
    ],
    "offers:coverage_export": [Case(lambda w: {"format": "csv"}, OFFER_READERS)],
    # ---- tandems: run by staff; an association reads, answers and gives feedback on its
    # approved tandems only (a proposal not yet reviewed is no one's but staff's)
    "tandems:index": [Case(no_args, TANDEM_READERS)],
    "tandems:settings": [Case(no_args, staff(), staff(BAD_REQUEST))],
    "tandems:wave": [Case(wave, staff())],
    "tandems:run": [Case(wave, STAFF_POST_ONLY, staff(To("tandems:wave", wave)))],
    "tandems:export": [Case(lambda w: {"pk": w.wave.pk, "fmt": "csv"}, staff())],
    # The own association is a mentor candidate; the outsider does not find it.
    "tandems:offer": [
        Case(
            lambda w: {"pk": w.wave.pk, "organisation_pk": w.own.organisation.pk},
            TANDEM_OWN,
            {**TANDEM_OWN, **dict.fromkeys(TANDEM_OWN_WORKERS, BAD_REQUEST)},
        )
    ],
    "tandems:detail": [
        Case(tandem("own_tandem"), TANDEM_OWN, variant="own"),
        Case(
            tandem("other_tandem"),
            {**TANDEM_OWN, "representative": HIDDEN, "outsider": OK},
            variant="other",
        ),
        Case(
            tandem("proposed_tandem"),
            {**TANDEM_OWN, "representative": HIDDEN},
            variant="proposed",
        ),
    ],
    "tandems:review": [
        Case(
            tandem("proposed_tandem"),
            STAFF_POST_ONLY,
            staff(To("tandems:detail", tandem("proposed_tandem"))),
        )
    ],
    "tandems:complete": [
        Case(
            tandem("own_tandem"),
            STAFF_POST_ONLY,
            staff(To("tandems:detail", tandem("own_tandem"))),
        )
    ],
    # Representatives only, the role checked before the method; an empty answer or
    # feedback sends the own association back to its tandem.
    **{
        f"tandems:{name}": [
            Case(
                tandem("own_tandem"),
                TANDEM_ANSWERERS_GET,
                {
                    **TANDEM_ANSWERERS_GET,
                    "representative": To("tandems:detail", tandem("own_tandem")),
                    "outsider": HIDDEN,
                },
            )
        ]
        for name in ("answer", "feedback")
    },
    # ---- reports: the public papers, and the staff pages
    "reports:public": [Case(no_args, expect(OK))],
    # An issued paper that is not public is not found there, for anyone.
    **{
        f"reports:{name}": [
            Case(args("public"), expect(OK), variant="public"),
            Case(args("internal"), expect(HIDDEN), variant="internal"),
        ]
        for name, args in (
            ("public_file", report_file),
            ("public_file_download", report_file),
            ("public_attachment", attachment),
            ("public_attachment_download", attachment),
        )
    },
    "reports:list": [Case(no_args, staff())],
    "reports:reference_suggestion": [Case(no_args, staff())],
    "reports:detail": [Case(draft_report, staff())],
    "reports:figure_changes": [Case(draft_report, staff())],
    **{
        f"reports:{name}": [
            Case(args("public"), staff(), variant="public"),
            Case(args("internal"), staff(), variant="internal"),
        ]
        for name, args in (("file", report_file), ("attachment", attachment))
    },
    "reports:create": [Case(no_args, coordinators(), coordinators())],
    "reports:edit": [Case(draft_report, coordinators(), coordinators())],
    "reports:draft": [Case(draft_report, coordinators(), coordinators())],
    # The draft has no explanatory statement yet: the page says what is missing.
    "reports:issue": [Case(draft_report, coordinators(), coordinators())],
    "reports:delete": [Case(draft_report, coordinators(), coordinators(To("reports:list")))],
    # A draft cannot be corrected: back to it, with a message.
    "reports:correct": [
        Case(
            draft_report,
            coordinators(NOT_ALLOWED),
            coordinators(To("reports:detail", draft_report)),
        )
    ],
    "reports:attachment_add": [
        Case(draft_report, coordinators(NOT_ALLOWED), coordinators(BAD_REQUEST))
    ],
    # An issued paper keeps its attachments: back to it, with a message.
    "reports:attachment_remove": [
        Case(
            attachment("public"),
            coordinators(NOT_ALLOWED),
            coordinators(To("reports:detail", public_report)),
        )
    ],
    # ---- OParl: the public, read-only API; and the coordinators' publication pages
    **{
        f"oparl:{name}": [Case(args, expect(OK))]
        for name, args in (
            ("landing", no_args),
            ("system", no_args),
            ("bodies", no_args),
            ("body", lambda w: {"pk": w.public_report.body_id}),
            (
                "body_list",
                lambda w: {"pk": w.public_report.body_id, "list_name": "organization"},
            ),
            ("object", lambda w: {"object_type": "person", "key": str(w.basis.pk)}),
        )
    },
    # Only public papers' files are published.
    **{
        f"oparl:{name}": [
            Case(oparl_file("public"), expect(OK), variant="public"),
            Case(oparl_file("internal"), expect(HIDDEN), variant="internal"),
        ]
        for name in ("file_access", "file_download")
    },
    "oparl:not_found": [Case(lambda w: {"rest": "nirgendwo"}, expect(HIDDEN))],
    # ---- privacy: coordinators only (they answer data subjects and the authority)
    **{
        f"privacy:{name}": [Case(no_args, coordinators())]
        for name in ("index", "record", "record_pdf")
    },
    **{
        f"privacy:{name}": [
            Case(contact("own"), coordinators(), variant="own"),
            Case(contact("other"), coordinators(), variant="other"),
        ]
        for name in ("person", "subject_export", "subject_export_json", "subject_export_pdf")
    },
    # An empty form: the page says what is missing.
    "privacy:consent_create": [Case(contact("own"), coordinators(), coordinators())],
    "privacy:consent_withdraw": [Case(consent, coordinators(), coordinators())],
    # ---- import and export: staff; applying an import is for coordinators (as creating
    # organisations and people on their pages); without an uploaded file the wizard's
    # steps send back to the upload
    "transfer:index": [Case(no_args, staff())],
    "transfer:export": [
        Case(lambda w, slug=slug: {"what": slug, "fmt": "csv"}, staff(), variant=slug)
        for slug in ("organisationen", "kontakte", "anmeldungen", "abstimmungen", "massnahmen")
    ],
    "transfer:import_upload": [Case(no_args, staff(), staff())],
    **{
        f"transfer:{name}": [
            Case(no_args, staff(To("transfer:import_upload")), staff(To("transfer:import_upload")))
        ]
        for name in ("import_mapping", "import_preview")
    },
    "transfer:import_apply": [
        Case(no_args, coordinators(NOT_ALLOWED), coordinators(To("transfer:import_upload")))
    ],
    "transfer:import_discard": [
        Case(no_args, STAFF_POST_ONLY, staff(To("transfer:import_upload")))
    ],
    "oparl:publication_list": [Case(no_args, coordinators())],
    "oparl:publication_grant": [Case(no_args, coordinators(), coordinators())],
    "oparl:publication_edit": [Case(lambda w: {"pk": w.basis.pk}, coordinators(), coordinators())],
    # ---- the JSON API: a session is no token (401); its roles: api/tests/test_roles.py
    **{
        name: [
            Case(
                lambda w, kwargs=kwargs: kwargs,
                expect(OK if name in API_OPEN else UNAUTHORIZED if get else NOT_ALLOWED),
            )
        ]
        for name, (kwargs, get) in api_routes().items()
        if name != "api_v1:api-root"
    },
    "api_v1:api-root": [Case(no_args, expect(HIDDEN))],
    # A token is its owner's alone; the page that makes them, for every acting account.
    "api:tokens": [Case(no_args, signed_in(), signed_in(BAD_REQUEST))],
    "api:token_revoke": [
        Case(lambda w: {"pk": 0}, GET_405, expect(HIDDEN, public=LOGIN, former=FORBIDDEN))
    ],
    "oparl:publication_revoke": [
        Case(lambda w: {"pk": w.basis.pk}, coordinators(), coordinators())
    ],
    # ---- guides: the library and published public guides for everyone, members-only guides
    # for the programme's people, drafts for staff and the working group's association
    "guides:library": [Case(no_args, expect(OK))],
    "guides:detail": [
        Case(guide("public"), expect(OK), variant="public"),
        Case(guide("members"), GUIDE_MEMBERS_READ, variant="members"),
        Case(guide("draft"), GUIDE_DRAFT_READ, variant="draft"),
    ],
    "guides:pdf": [
        Case(guide("public"), expect(OK), variant="public"),
        Case(guide("draft"), GUIDE_DRAFT_READ, variant="draft"),
    ],
    "guides:create": [Case(no_args, staff(), staff(BAD_REQUEST))],
    "guides:edit": [
        Case(
            guide("draft"),
            GUIDE_WRITE,
            {**GUIDE_WRITE_FORM, "representative": FORBIDDEN},
            variant="draft",
        ),
        Case(guide("public"), staff(), staff(BAD_REQUEST), variant="public"),
    ],
    "guides:section_add": [Case(guide("draft"), GUIDE_WRITE, GUIDE_WRITE_FORM)],
    "guides:section_edit": [
        Case(guide_section, GUIDE_WRITE, GUIDE_WRITE_FORM, variant="draft"),
        Case(
            lambda w: {"pk": guides(w).public.sections.get().pk},
            staff(),
            staff(BAD_REQUEST),
            variant="public",
        ),
    ],
    "guides:section_diff": [Case(guide_section, GUIDE_WRITE)],
    "guides:section_move": [
        Case(guide_section, GUIDE_POST_ONLY, guide_back("guides:edit", guide("draft")))
    ],
    "guides:comment_add": [
        Case(guide_section, GUIDE_POST_ONLY, guide_back("guides:section_edit", guide_section))
    ],
    "guides:comment_resolve": [
        Case(
            lambda w: {"pk": guides(w).comment.pk},
            GUIDE_POST_ONLY,
            guide_back("guides:section_edit", guide_section),
        )
    ],
    "guides:translation_edit": [
        Case(
            lambda w: {"pk": guides(w).section.pk, "language": "tr"},
            GUIDE_WRITE,
            GUIDE_WRITE_FORM,
        )
    ],
    "guides:preview": [Case(no_args, GUIDE_POST_ONLY, signed_in(OK, interviewer=FORBIDDEN))],
    "guides:transition": [
        Case(
            guide_step("draft", "einreichen"),
            GUIDE_POST_ONLY,
            guide_back("guides:edit", guide("draft")),
            variant="submit",
        ),
        Case(
            guide_step("draft", "freigeben"),
            GUIDE_POST_ONLY,
            {**guide_back("guides:edit", guide("draft")), "representative": FORBIDDEN},
            variant="approve",
        ),
    ],
}


# ---- the admin, by rule ---------------------------------------------------------------------
# The admin belongs to coordinators: everyone else is sent to its login. For coordinators it
# reads and never writes (lib/admin.py): lists, detail and history pages open; add, change
# and delete are refused. The second-factor admins hand delete to an audited reset, but not
# for one's own devices, and the world's devices are the coordinator's.

ADMIN_ONLY = expect(ADMIN_LOGIN, coordinator=OK)
ADMIN_REFUSED = expect(ADMIN_LOGIN, coordinator=FORBIDDEN)


def _admin_object(model) -> Callable[[World], dict]:
    return lambda w: {"object_id": str(model._default_manager.order_by("pk").first().pk)}


#: Admin pages that are not one model's: what each role gets.
ADMIN_PAGES: dict[str, list[Case]] = {
    "admin:index": [Case(no_args, ADMIN_ONLY)],
    # The admin's login lets an account without access know it has none, and sends a
    # coordinator on to the index.
    "admin:login": [Case(no_args, expect(OK, coordinator=To("admin:index")))],
    # A logout is a post; anyone else is sent to the index, and from there to the login.
    "admin:logout": [Case(no_args, expect(To("admin:index"), coordinator=NOT_ALLOWED))],
    # The coordinator's own password (others change theirs by e-mail link, accounts:account).
    "admin:password_change": [Case(no_args, ADMIN_ONLY)],
    "admin:password_change_done": [Case(no_args, ADMIN_ONLY)],
    # Without the field it is asked for, the autocomplete refuses.
    "admin:autocomplete": [Case(no_args, ADMIN_REFUSED)],
    "admin:jsi18n": [Case(no_args, ADMIN_ONLY)],
    "admin:view_on_site": [
        Case(
            lambda w: {"content_type_id": "0", "object_id": "0"},
            expect(ADMIN_LOGIN, coordinator=HIDDEN),
        )
    ],
    "admin:app_list": [Case(lambda w: {"app_label": "organisations"}, ADMIN_ONLY)],
    # The second factor's secret is never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    **{
        f"admin:otp_totp_totpdevice_{page}": [
            Case(lambda w: {"pk": w.extra["totp_device"].pk}, ADMIN_REFUSED)
        ]
        for page in ("config", "qrcode")
    },
    "admin:auth_user_password_change": [
        Case(lambda w: {"id": str(w.users["representative"].pk)}, ADMIN_REFUSED, ADMIN_REFUSED)
    ],
}


def admin_cases(names: set[str]) -> dict[str, list[Case]]:
    """The registered models' admin pages, from the suffix of each URL name."""
    cases: dict[str, list[Case]] = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        obj = _admin_object(model)
        for suffix, args, get, post in (
            ("changelist", no_args, ADMIN_ONLY, None),
            ("history", obj, ADMIN_ONLY, None),
            ("change", obj, ADMIN_ONLY, ADMIN_REFUSED),
            ("add", no_args, ADMIN_REFUSED, ADMIN_REFUSED),
            ("delete", obj, ADMIN_REFUSED, ADMIN_REFUSED),
        ):
            if prefix + suffix in names:
                cases[prefix + suffix] = [Case(args, get, post)]
    return cases


# ---- running it -----------------------------------------------------------------------------


def url_names(resolver=None, namespace: str | None = None) -> set[str]:
    """Every named URL, with its namespace ("events:detail")."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner:
                inner = f"{namespace}:{inner}" if namespace else inner
            names |= url_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


NAMES = url_names()
TABLE = {**EXPECTED, **ADMIN_PAGES, **admin_cases(NAMES)}
CASES = [(name, case) for name, cases in sorted(TABLE.items()) for case in cases]
POSTS = [(name, case) for name, case in CASES if case.post is not None]


def _id(item) -> str:
    name, case = item
    return f"{name}[{case.variant}]" if case.variant else name


#: What each role has no business with. Staff see every association; the interviewer sees
#: their assigned one (own) but not its invitation-only event; the former chair nothing of
#: their old association any more.
SENTINELS: dict[str, tuple[str, ...]] = {
    "interviewer": (*OTHER, OWN.klausur),
    "representative": tuple(OTHER),
    "service_provider": (*OWN, *OTHER),
    "outsider": tuple(OWN),
    "former": (*OWN, *OTHER),
    "public": (*OWN, *OTHER),
}

#: (URL name, role) → sentinels that page may show that role, and why.
ALLOWED: dict[tuple[str, str], tuple[set[str], str]] = {
    (page, "former"): (
        {OWN.name},
        "the account page: the account's own record names the organisation it is registered "
        "for; a coordinator changes that, the page only reports it",
    )
    for page in ("accounts:account", "accounts:otp_remove")
}

#: Pages reached by a secret in their address (e-mailed to the person or association, or
#: shown on its feeds page): whoever holds the address reads what it was made for.
CAPABILITY_URLS = {"events:offer", "events:ticket", "events:feed"}

SVG_DATA = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
TEXT_TYPES = ("text/html", "application/json", "text/calendar", "text/csv", "text/plain")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; rolled back after the module (the audit log is append-only, so it cannot
    be deleted row by row, but a transaction that never commits leaves nothing behind).
    Uploaded files go to a temporary folder."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_world()
        for side in ("own", "other"):
            working_group(built, side)  # built here, so the world's transaction holds it
        guides(built)  # likewise
        built.extra["clients"] = clients = {}
        for role, user in built.users.items():
            clients[role] = OTPClient()
            if user is not None:
                clients[role].force_login(user)
        yield built
        transaction.set_rollback(True)


def _ask(world: World, role: str, method: str, url: str, data: dict | None = None):
    """One request in a savepoint of its own, with the client's cookies restored after it
    (a logout or a new session key must not carry into the next request)."""
    client = world.extra["clients"][role]
    cookies = copy.deepcopy(client.cookies)
    savepoint = transaction.savepoint()
    audit_before = AuditEntry.objects.count()
    try:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data or {})
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
            and "django_session" not in q["sql"]
        ]
        audited = AuditEntry.objects.count() - audit_before
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies
    return response, writes, audited


def _mismatch(world: World, expected: Outcome, response) -> str | None:
    status = response.status_code
    location = response.get("Location", "")
    if expected == LOGIN:
        if status == 302 and location.startswith(reverse("accounts:login") + "?next="):
            return None
    elif expected == ADMIN_LOGIN:
        if status == 302 and location.startswith(reverse("admin:login") + "?next="):
            return None
    elif isinstance(expected, To):
        if status == 302 and urlsplit(location).path == expected.path(world):
            return None
    elif status == expected:
        return None
    got = f"{status} → {location}" if location else str(status)
    return f"expected {expected}, got {got}"


def _leaks(name: str, role: str, response) -> list[str]:
    # Not only 200: a form shown again with its errors (400) or an error page is a page too.
    if response.status_code in (301, 302) or name in CAPABILITY_URLS or role not in SENTINELS:
        return []
    if not response.get("Content-Type", "").startswith(TEXT_TYPES):
        return []
    body = response.content.decode("utf-8", "replace")
    body = body.replace("\r\n ", "").replace("\n ", "")  # iCalendar folds long lines
    # Charts come inline as base64 SVG: their labels are text too.
    body += "".join(
        base64.b64decode(chart).decode("utf-8", "replace") for chart in SVG_DATA.findall(body)
    )
    allowed, _reason = ALLOWED.get((name, role), (set(), ""))
    return [s for s in SENTINELS[role] if s in body and s not in allowed]


def test_every_named_url_has_an_entry():
    assert NAMES - TABLE.keys() == set(), "URLs without an expected answer per role"
    assert TABLE.keys() - NAMES == set(), "entries for URLs that no longer exist"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_each_role_gets_its_answer_and_sees_only_its_own(world, db, case):
    name, case = case
    url = reverse(name, kwargs=case.args(world))
    problems = []
    for role in ROLES:
        response, _writes, _audited = _ask(world, role, "get", url)
        mismatch = _mismatch(world, case.get[role], response)
        if mismatch:
            problems.append(f"{role}: {mismatch}")
        leaks = _leaks(name, role, response)
        if leaks:
            problems.append(f"{role}: the page shows {leaks}")
    assert not problems, f"GET {url}\n" + "\n".join(problems)


@pytest.mark.parametrize("case", POSTS, ids=[_id(c) for c in POSTS])
def test_a_refused_post_changes_nothing(world, db, case):
    name, case = case
    url = reverse(name, kwargs=case.args(world))
    problems = []
    for role in ROLES:
        expected = case.post[role]
        response, writes, audited = _ask(world, role, "post", url)
        mismatch = _mismatch(world, expected, response)
        if mismatch:
            problems.append(f"{role}: {mismatch}")
        if expected in REFUSALS and (writes or audited):
            problems.append(f"{role}: refused, but wrote {audited} audit entries and {writes}")
        leaks = _leaks(name, role, response)
        if leaks:
            problems.append(f"{role}: the page shows {leaks}")
    assert not problems, f"POST {url}\n" + "\n".join(problems)


# ---- posts that name another's rows ---------------------------------------------------------
# The table posts empty bodies. These name a row the user must not reach (another
# association's person, seat, feed or interview; the former chair; a second association to
# add a contact to): refused, or the form does not offer it, and in either case nothing
# is written.


@dataclass(frozen=True)
class Attempt:
    name: str
    args: Callable[[World], dict]
    role: str
    data: Callable[[World], dict]
    expected: Outcome
    label: str


def _today(w: World) -> str:
    return timezone.localdate().isoformat()


ATTEMPTS = [
    *(
        Attempt(
            "organisations:edit", org("own"), role, lambda w: {"name": "Übernommen"}, answer, "name"
        )
        for role, answer in (
            ("team_member", FORBIDDEN),
            ("interviewer", FORBIDDEN),
            ("service_provider", HIDDEN),
            ("outsider", HIDDEN),
            ("former", FORBIDDEN),
        )
    ),
    *(
        Attempt(
            "organisations:person_erase",
            contact("own"),
            role,
            lambda w: {"confirm": "on"},
            FORBIDDEN,
            "confirmed",
        )
        for role in ("team_member", "interviewer", "representative", "outsider")
    ),
    Attempt(
        "organisations:person_edit",
        contact("own"),
        "interviewer",
        lambda w: {"first_name": "Olga", "last_name": "Neu", "email": "neu@example.org"},
        FORBIDDEN,
        "new_address",
    ),
    Attempt(
        "organisations:affiliation_end",
        lambda w: {"pk": w.own.contact_role.pk},
        "outsider",
        lambda w: {"end": _today(w)},
        HIDDEN,
        "today",
    ),
    Attempt(
        "organisations:affiliation_add",
        org("own"),
        "representative",
        lambda w: {"person": w.other.contact.pk, "role": "member"},
        OK,
        "other_contact",
    ),
    Attempt(
        "organisations:person_affiliation_add",
        contact("own"),
        "representative",
        lambda w: {"organisation": w.other.organisation.pk, "role": "member"},
        OK,
        "to_other",
    ),
    Attempt(
        "events:register",
        training,
        "outsider",
        lambda w: {"person": w.own.contact.pk},
        To("events:detail", training),
        "own_contact",
    ),
    Attempt(
        "events:register",
        training,
        "representative",
        lambda w: {"person": w.users["former"].person_id},
        To("events:detail", training),
        "former_chair",
    ),
    Attempt(
        "events:swap",
        registration("own"),
        "representative",
        lambda w: {"person": w.other.contact.pk},
        To("events:detail", training),
        "other_contact",
    ),
    Attempt(
        "events:answer",
        lambda w: {"pk": w.own.invitation.pk},
        "outsider",
        lambda w: {"status": "declined"},
        HIDDEN,
        "declined",
    ),
    Attempt(
        "events:registrations",
        training,
        "representative",
        lambda w: {"organisation": w.own.organisation.pk, "person": w.own.contact.pk},
        FORBIDDEN,
        "on_behalf",
    ),
    Attempt(
        "events:feeds",
        no_args,
        "outsider",
        lambda w: {"action": "revoke", "feed": w.own.feed.pk},
        HIDDEN,
        "revoke_own",
    ),
    Attempt(
        "events:feeds",
        no_args,
        "former",
        lambda w: {"action": "organisation"},
        FORBIDDEN,
        "new_feed",
    ),
    Attempt(
        "needs:interview_start",
        wave,
        "outsider",
        lambda w: {"organisation": w.own.organisation.pk, "mode": "self_assessment"},
        HIDDEN,
        "own",
    ),
    Attempt(
        "needs:interview_start",
        wave,
        "interviewer",
        lambda w: {"organisation": w.other.organisation.pk, "mode": "interview"},
        HIDDEN,
        "other",
    ),
    Attempt(
        "needs:interview_start",
        lambda w: {"pk": w.follow_up.pk},
        "representative",
        lambda w: {"organisation": w.own.organisation.pk, "mode": "interview"},
        FORBIDDEN,
        "as_interviewer",
    ),
    Attempt(
        "needs:interview_autosave",
        interview("own"),
        "representative",
        lambda w: {"general-members": "12"},
        FORBIDDEN,
        "interviewers_draft",
    ),
    Attempt(
        "forum:poll_detail",
        poll,
        "outsider",
        lambda w: {f"option_{o.pk}": i for i, o in enumerate(w.poll.options.all(), start=1)},
        FORBIDDEN,
        "ballot",
    ),
]


@pytest.mark.parametrize(
    "attempt", ATTEMPTS, ids=[f"{a.name}[{a.role}-{a.label}]" for a in ATTEMPTS]
)
def test_a_post_naming_anothers_rows_writes_nothing(world, db, attempt):
    url = reverse(attempt.name, kwargs=attempt.args(world))
    response, writes, audited = _ask(world, attempt.role, "post", url, attempt.data(world))
    assert _mismatch(world, attempt.expected, response) is None, response
    assert (writes, audited) == ([], 0)


def test_a_deactivated_account_is_logged_out(world, db):
    User.objects.filter(pk=world.users["representative"].pk).update(is_active=False)
    response, _writes, _audited = _ask(world, "representative", "get", reverse("web:dashboard"))
    assert _mismatch(world, LOGIN, response) is None


# ---- the control: the planted strings are there for those who may read them -----------------
# Without it the content checks above could pass because a page never shows such a string.

CONTROLS = [
    (name, args(side), role, [getattr(planted, field) for field in fields])
    for side, role, planted in (("own", "representative", OWN), ("other", "outsider", OTHER))
    for name, args, fields in (
        ("organisations:detail", org, ("name", "street", "contact", "contact_email")),
        ("organisations:edit", org, ("email", "phone")),
        ("organisations:person", contact, ("contact", "contact_email", "contact_phone")),
        ("events:detail", klausur, ("klausur",)),
        ("needs:interview", interview, ("comment",)),
        ("workinggroups:detail", wg, ("name", "contact")),
    )
]


@pytest.mark.parametrize(
    ("name", "args", "role", "sentinels"),
    CONTROLS,
    ids=[f"{name}[{role}]" for name, _args, role, _s in CONTROLS],
)
def test_the_planted_strings_show_where_they_belong(world, db, name, args, role, sentinels):
    url = reverse(name, kwargs=args(world))
    response, _writes, _audited = _ask(world, role, "get", url)
    body = response.content.decode()
    assert [s for s in sentinels if s not in body] == []
