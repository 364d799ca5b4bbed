"""How erasure reaches every model of the apps that have no `privacy_erasure` hook yet (see
registry.py), and the free-text fields the privacy app searches for names. It changes when
a model gains a person, an account or free text.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vereinsforum.privacy.declarations import Erasure, Handling

_PSEUDONYM = Erasure(Handling.POINTS_AT_PSEUDONYM, _("Points at the person or their account."))


def _hook(why, app: str = "") -> Erasure:
    return Erasure(Handling.ERASE_HOOK, why, app)


def _not_personal(why) -> Erasure:
    return Erasure(Handling.NOT_PERSONAL, why)


_ABOUT_ORGS = _not_personal(_("Describes organisations or the programme, not people."))
_SCRUBBED = _hook(_("Names are removed from the free text."), "privacy")

#: Model label -> how erasure reaches it. Every model with a foreign key to a person or an
#: account, or with free text, needs an entry (tests/test_erasure_coverage.py).
BUILTIN_ERASURE: dict[str, dict[str, Erasure]] = {
    "accounts": {
        "accounts.User": _hook(_("Deactivated and renamed by the erasure itself."), "organisations")
    },
    "audit": {
        "audit.AuditEntry": Erasure(
            Handling.POINTS_AT_PSEUDONYM,
            _(
                "Never records a name; the actor is the renamed account. The retention purge "
                "removes its references to people."
            ),
        )
    },
    "organisations": {
        "organisations.Organisation": _ABOUT_ORGS,
        "organisations.Affiliation": _PSEUDONYM,
        "organisations.Person": _hook(_("Pseudonymised by the erasure itself."), "organisations"),
    },
    "programmes": {
        "programmes.Programme": _ABOUT_ORGS,
        "programmes.Field": _ABOUT_ORGS,
        "programmes.TeamMember": _PSEUDONYM,
        "programmes.InterviewerAssignment": _PSEUDONYM,
    },
    "web": {
        "web.AccessibilityFeedback": _hook(_("Feedback naming the person is erased.")),
        "web.SiteDetails": _hook(_("Where the site details quote the person.")),
    },
    "events": {
        "events.Location": _not_personal(_("Accessibility of a venue.")),
        "events.Event": _SCRUBBED,
        "events.Invitation": _PSEUDONYM,
        "events.Registration": _PSEUDONYM,
        "events.CalendarFeed": _hook(_("The personal feed is revoked.")),
        "events.OutboxMessage": _hook(_("Their mail is deleted, with the file copies.")),
    },
    "needs": {
        "needs.Interview": _SCRUBBED,
        "needs.FieldAnswer": _SCRUBBED,
    },
    "forum": {
        "forum.ForumBody": _SCRUBBED,
        "forum.Membership": _PSEUDONYM,
        "forum.ForumSession": _SCRUBBED,
        "forum.AgendaItem": _SCRUBBED,
        "forum.Poll": _SCRUBBED,
        "forum.Voter": _PSEUDONYM,
        "forum.TieDraw": _hook(_("The label of who drew is the renamed account.")),
    },
    "reports": {
        "reports.Report": Erasure(
            Handling.RETAINED,
            _(
                "Issued council papers are frozen public records (Art. 17(3)(b) and (d) "
                "GDPR); the author is the renamed account."
            ),
        )
    },
    "measures": {
        "measures.Measure": _hook(_("Names are removed from description and feedback.")),
        "measures.StatusChange": _hook(_("Names are removed from the notes.")),
    },
    "oparl": {"oparl.PublicationBasis": _hook(_("Title and note are blanked."))},
    "guides": {
        "guides.Guide": _SCRUBBED,
        "guides.Revision": _SCRUBBED,
        "guides.Comment": _SCRUBBED,
        "guides.Translation": _SCRUBBED,
    },
    "workinggroups": {
        "workinggroups.WorkingGroup": _hook(_("Names are removed from the group's texts.")),
        "workinggroups.Membership": _PSEUDONYM,
        "workinggroups.Task": _hook(_("Names are removed from the group's texts.")),
        "workinggroups.Document": Erasure(
            Handling.POINTS_AT_PSEUDONYM,
            _(
                "Points at the uploader's account; the files are not searched "
                "(workinggroups.services.texts_erase)."
            ),
        ),
    },
    "offers": {
        "offers.Offer": _SCRUBBED,
        "offers.CoverageRun": _PSEUDONYM,
    },
    "tandems": {
        "tandems.TandemRun": _PSEUDONYM,
        "tandems.Tandem": _hook(_("Names are removed from the feedback.")),
    },
    "transfer": {"transfer.ImportRun": _PSEUDONYM},
    "api": {
        "api.ApiToken": Erasure(
            Handling.POINTS_AT_PSEUDONYM,
            _("Points at the account, which erasure deactivates: its tokens stop working."),
        )
    },
    "privacy": {
        "privacy.Consent": _hook(_("Consents in force are withdrawn; names leave the text.")),
    },
    "admin": {"admin.LogEntry": _hook(_("The admin's history loses the name."), "organisations")},
    "sessions": {
        "sessions.Session": _not_personal(
            _("Expiring sign-in sessions; the account is deactivated on erasure.")
        )
    },
    "otp_totp": {"otp_totp.TOTPDevice": _PSEUDONYM},
    "otp_static": {"otp_static.StaticDevice": _PSEUDONYM},
    "axes": {"axes.AccessAttempt": _hook(_("Failure records are deleted."), "organisations")},
}

#: Free-text fields the privacy app's `erase_person` searches for names (model -> fields).
#: Translations (`<field>_i18n`) are searched with their field.
SCRUBBED_TEXT: dict[str, tuple[str, ...]] = {
    "events.Event": ("description", "cancellation_note"),
    "needs.Interview": ("return_reason",),
    "needs.FieldAnswer": ("comment",),
    "forum.ForumBody": ("rules",),
    "forum.ForumSession": ("minutes",),
    "forum.AgendaItem": ("description", "resolution"),
    "forum.Poll": ("description",),
    "guides.Guide": ("summary",),
    "guides.Revision": ("body",),
    "guides.Comment": ("text",),
    "guides.Translation": ("body",),
    "offers.Offer": ("description",),
}
