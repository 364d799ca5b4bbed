"""What the code declares about personal data: the processing activities (purposes, legal
bases, data categories with their model fields, recipients, retention) and how erasure
reaches every model. The record of processing activities (Art. 30 GDPR) is generated from
this, and tests hold the declarations to the models (fields exist; every model with a
person, an account or free text is covered).

Each app declares its own through its AppConfig:

- `privacy_declarations() -> list[Processing]`
- `privacy_erasure() -> dict[str, Erasure]`, keyed by model label ("events.Registration").

For the apps that do not (yet) define these hooks, `BUILTIN` and `BUILTIN_ERASURE` below
declare them; a hook, once an app has one, replaces the built-in entries of that app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "art6_1_a", _("Consent (Art. 6(1)(a) GDPR)")
    LEGAL_OBLIGATION = "art6_1_c", _("Legal obligation (Art. 6(1)(c) GDPR)")
    PUBLIC_TASK = "art6_1_e", _("Task in the public interest (Art. 6(1)(e) GDPR)")


@dataclass(frozen=True)
class DataCategory:
    """Personal data held in one model: which fields, described for the record."""

    label: str | Promise
    #: "app_label.ModelName"; empty for data kept outside Vereinsforum (e.g. photos).
    model: str = ""
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Processing:
    """One processing activity (Verarbeitungstätigkeit) of the record."""

    key: str
    app: str
    name: str | Promise
    purpose: str | Promise
    legal_basis: LegalBasis
    data_subjects: str | Promise
    categories: tuple[DataCategory, ...]
    recipients: tuple[str | Promise, ...]
    #: A key of retention.CATEGORIES whose period and purge apply, or "".
    retention: str = ""
    #: How long, when no purge category applies.
    retention_note: str | Promise = ""
    #: For consent: the purpose (models.Purpose) whose consent records this rests on.
    consent_purpose: str = ""
    legal_note: str | Promise = ""


class Handling(models.TextChoices):
    #: The rows point at the person or their account; erasure pseudonymises those rows, so
    #: these keep counting without naming anyone.
    POINTS_AT_PSEUDONYM = "pseudonym", _("Points at the pseudonymised person or account")
    #: An `erase_person` hook removes the personal values (or the names from free text).
    ERASE_HOOK = "hook", _("Erased by the app's erasure hook")
    NOT_PERSONAL = "not_personal", _("Holds no personal data")
    #: Kept on purpose, with the reason (Art. 17(3) GDPR).
    RETAINED = "retained", _("Kept: exception from erasure")


@dataclass(frozen=True)
class Erasure:
    handling: Handling
    why: str | Promise
    #: For ERASE_HOOK: the app whose `erase_person` does it (the model's own app if empty).
    hook_app: str = ""


# ---- built-in declarations ------------------------------------------------------------------

_CONTACT = DataCategory(
    _("Contact data of contact persons"),
    "organisations.Person",
    ("first_name", "last_name", "email", "phone", "preferred_language"),
)
_ROLES = DataCategory(
    _("Roles in organisations"),
    "organisations.Affiliation",
    ("organisation", "role", "start", "end"),
)
_CITY = _("Integration office of the city (programme team)")
_CONTRACTOR = _("Contractor running the programme on behalf of the city (processor, Art. 28)")

BUILTIN: dict[str, list[Processing]] = {
    "organisations": [
        Processing(
            key="contacts",
            app="organisations",
            name=_("Contacts of associations and partners"),
            purpose=_(
                "Running the capacity-building programme: reaching the associations, "
                "inviting them, recording who acts for them."
            ),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Contact persons of associations, services and city departments"),
            categories=(_CONTACT, _ROLES),
            recipients=(_CITY, _CONTRACTOR),
            retention="inactive_contacts",
        )
    ],
    "accounts": [
        Processing(
            key="accounts",
            app="accounts",
            name=_("User accounts and sign-in"),
            purpose=_("Access to Vereinsforum by role; protection against misuse of accounts."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Staff, interviewers and representatives of associations"),
            categories=(
                DataCategory(
                    _("Account"),
                    "accounts.User",
                    ("username", "email", "first_name", "last_name", "role", "last_login"),
                ),
                DataCategory(_("Second factor"), "otp_totp.TOTPDevice", ("user", "name")),
                DataCategory(_("Sign-in records"), "axes.AccessLog", ("username", "ip_address")),
            ),
            recipients=(_CITY,),
            retention_note=_(
                "While the person holds their role; the account is deactivated and renamed "
                "on erasure."
            ),
        )
    ],
    "programmes": [
        Processing(
            key="team",
            app="programmes",
            name=_("Programme team and interviewers"),
            purpose=_("Who runs the programme and which associations each interviewer visits."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Staff and interviewers"),
            categories=(
                DataCategory(_("Team membership"), "programmes.TeamMember", ("person", "role")),
                DataCategory(
                    _("Interviewer assignments"),
                    "programmes.InterviewerAssignment",
                    ("interviewer", "organisation"),
                ),
            ),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "events": [
        Processing(
            key="events",
            app="events",
            name=_("Events: invitations, registrations and attendance"),
            purpose=_(
                "Organising the programme's events, counting participation of the "
                "associations, certificates of attendance."
            ),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Participants from associations and partner organisations"),
            categories=(
                DataCategory(
                    _("Registrations and attendance"),
                    "events.Registration",
                    ("person", "organisation", "status", "created", "checked_in_at"),
                ),
                DataCategory(
                    _("Answers to invitations"), "events.Invitation", ("answered_by", "answered_at")
                ),
                DataCategory(_("Personal calendar feeds"), "events.CalendarFeed", ("person",)),
            ),
            recipients=(_CITY, _CONTRACTOR),
            retention="registrations",
        ),
        Processing(
            key="mail",
            app="events",
            name=_("E-mail to participants"),
            purpose=_("Invitations, confirmations, reminders and offers of a seat by e-mail."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Contact persons and participants"),
            categories=(
                DataCategory(
                    _("Messages in the outbox"),
                    "events.OutboxMessage",
                    ("to_email", "subject", "body_text", "person"),
                ),
            ),
            recipients=(_("The mail provider delivering the messages"),),
            retention="outbox",
        ),
    ],
    "needs": [
        Processing(
            key="needs",
            app="needs",
            name=_("Needs analysis"),
            purpose=_(
                "Surveying the competences and needs of the associations; the aggregates "
                "plan the measures."
            ),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Interviewers; persons named in free-text answers"),
            categories=(
                DataCategory(
                    _("Interviews"),
                    "needs.Interview",
                    ("interviewer", "conducted_on", "return_reason", "validated_by"),
                ),
                DataCategory(_("Free-text answers"), "needs.FieldAnswer", ("comment",)),
            ),
            recipients=(_CITY, _CONTRACTOR),
            retention="interview_free_text",
        )
    ],
    "forum": [
        Processing(
            key="forum",
            app="forum",
            name=_("Forum of associations: delegates and votes"),
            purpose=_("The forum's membership, its sessions and polls (who voted, not how)."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Delegates and deputies of the member associations"),
            categories=(
                DataCategory(_("Delegates"), "forum.Membership", ("delegate", "deputy")),
                DataCategory(_("Participation in polls"), "forum.Voter", ("cast_by",)),
                DataCategory(_("Minutes"), "forum.ForumSession", ("minutes",)),
            ),
            recipients=(_CITY, _("Members of the forum")),
            retention_note=_("For the duration of the programme; minutes are kept as records."),
        )
    ],
    "oparl": [
        Processing(
            key="publish_name",
            app="oparl",
            name=_("Publishing names in the open council data (OParl)"),
            purpose=_("Naming delegates and officials in the published council papers."),
            legal_basis=LegalBasis.CONSENT,
            data_subjects=_("Delegates who consented; public officials acting in office"),
            categories=(
                DataCategory(
                    _("Publication basis"),
                    "oparl.PublicationBasis",
                    ("person", "title", "status", "consent_on", "revoked_at"),
                ),
            ),
            recipients=(_("The public (open data)"),),
            retention_note=_("Until consent is withdrawn; officials while in office."),
            consent_purpose="publish_name",
            legal_note=_("Public officials acting in office: Art. 6(1)(e) GDPR."),
        )
    ],
    "audit": [
        Processing(
            key="audit",
            app="audit",
            name=_("Audit log"),
            purpose=_("Traceability of every change: who changed what, when and how."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            data_subjects=_("Users who change data; persons whose records are changed"),
            categories=(
                DataCategory(
                    _("References to users and persons"),
                    "audit.AuditEntry",
                    ("actor", "target_id"),
                ),
            ),
            recipients=(_CITY,),
            retention="audit_personal_refs",
            legal_note=_("Art. 5(2) and Art. 32 GDPR (accountability, security of processing)."),
        )
    ],
    "web": [
        Processing(
            key="accessibility_feedback",
            app="web",
            name=_("Feedback on accessibility"),
            purpose=_("Answering reports of barriers (feedback mechanism of the BITV)."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            data_subjects=_("Visitors who send feedback"),
            categories=(
                DataCategory(
                    _("Feedback"), "web.AccessibilityFeedback", ("message", "contact_email")
                ),
            ),
            recipients=(_CITY,),
            retention_note=_("Until the feedback has been answered."),
        )
    ],
    # Declared here for the apps whose owners had no time for a hook yet.
    "measures": [
        Processing(
            key="measures",
            app="measures",
            name=_("Measures"),
            purpose=_("Planning and following the programme's measures."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Persons responsible for a measure"),
            categories=(
                DataCategory(_("Responsible person"), "measures.Measure", ("responsible_person",)),
                DataCategory(_("Timeline"), "measures.StatusChange", ("changed_by", "note")),
            ),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "workinggroups": [
        Processing(
            key="workinggroups",
            app="workinggroups",
            name=_("Working groups"),
            purpose=_("Working groups of associations that carry out a measure."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Members of working groups"),
            categories=(
                DataCategory(_("Membership"), "workinggroups.Membership", ("person",)),
                DataCategory(_("Lead"), "workinggroups.WorkingGroup", ("lead",)),
                DataCategory(_("Tasks"), "workinggroups.Task", ("owner",)),
                DataCategory(_("Documents"), "workinggroups.Document", ("uploaded_by",)),
            ),
            recipients=(_CITY, _("Members of the same group")),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "guides": [
        Processing(
            key="guides",
            app="guides",
            name=_("Guides"),
            purpose=_("Writing, reviewing and publishing the programme's guides."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Authors and reviewers"),
            categories=(
                DataCategory(_("Authors"), "guides.Revision", ("author",)),
                DataCategory(_("Review comments"), "guides.Comment", ("author", "text")),
            ),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "tandems": [
        Processing(
            key="tandems",
            app="tandems",
            name=_("Tandems"),
            purpose=_("Pairing associations as mentor and mentee, and their feedback."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Persons named in the feedback"),
            categories=(
                DataCategory(
                    _("Feedback"), "tandems.Tandem", ("mentor_feedback", "mentee_feedback")
                ),
            ),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "reports": [
        Processing(
            key="reports",
            app="reports",
            name=_("Reports to the council"),
            purpose=_("Reporting on the programme to the council and its committees."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Staff who issue the papers"),
            categories=(DataCategory(_("Issued by"), "reports.Report", ("issued_by",)),),
            recipients=(_CITY, _("The council and the public (public papers)")),
            retention_note=_("Issued papers are kept as records of the council."),
        )
    ],
    "offers": [
        Processing(
            key="offers",
            app="offers",
            name=_("Offers of migration services"),
            purpose=_("Matching the services' offers to the associations' needs."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Staff who compute the coverage"),
            categories=(DataCategory(_("Computed by"), "offers.CoverageRun", ("computed_by",)),),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "transfer": [
        Processing(
            key="imports",
            app="transfer",
            name=_("Import of organisations and contacts"),
            purpose=_("Taking over contact lists from spreadsheets, once and traceably."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Contact persons in the imported files; staff who import"),
            categories=(
                DataCategory(_("Imports"), "transfer.ImportRun", ("imported_by", "imported_at")),
            ),
            recipients=(_CITY,),
            retention_note=_("For the duration of the programme."),
        )
    ],
    "api": [
        Processing(
            key="api_tokens",
            app="api",
            name=_("Personal API tokens"),
            purpose=_("Access to the JSON interface on behalf of a user."),
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=_("Users who create tokens"),
            categories=(
                DataCategory(
                    _("Tokens (stored hashed)"),
                    "api.ApiToken",
                    ("user", "name", "created", "last_used"),
                ),
            ),
            recipients=(_CITY,),
            retention_note=_("Until the token expires or is revoked."),
        )
    ],
    "privacy": [
        Processing(
            key="consents",
            app="privacy",
            name=_("Records of consent"),
            purpose=_("Proving consent given and withdrawn (Art. 7(1) GDPR)."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            data_subjects=_("Persons who consented"),
            categories=(
                DataCategory(
                    _("Consents"),
                    "privacy.Consent",
                    ("person", "purpose", "given_on", "source", "text", "withdrawn_on"),
                ),
            ),
            recipients=(_CITY,),
            retention_note=_("As long as the person is recorded, as proof."),
        ),
        Processing(
            key="newsletter",
            app="privacy",
            name=_("Newsletter"),
            purpose=_("News of the programme by e-mail to those who asked for it."),
            legal_basis=LegalBasis.CONSENT,
            data_subjects=_("Subscribers"),
            categories=(
                DataCategory(_("Name and e-mail address"), "organisations.Person", ("email",)),
            ),
            recipients=(_CITY, _("The mail provider delivering the messages")),
            retention_note=_("Until consent is withdrawn."),
            consent_purpose="newsletter",
        ),
        Processing(
            key="photos",
            app="privacy",
            name=_("Photos at events"),
            purpose=_("Reporting on the programme with photos of its events."),
            legal_basis=LegalBasis.CONSENT,
            data_subjects=_("Participants who agreed to be photographed"),
            categories=(DataCategory(_("Photos and recordings (kept outside Vereinsforum)")),),
            recipients=(_CITY, _("The public (reports, website)")),
            retention_note=_("Until consent is withdrawn."),
            consent_purpose="photos",
        ),
    ],
}

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


# ---- reading the declarations ---------------------------------------------------------------


def processing_activities() -> list[Processing]:
    """Every declared processing activity of the installed apps, in app order."""
    out: list[Processing] = []
    for config in django_apps.get_app_configs():
        hook = getattr(config, "privacy_declarations", None)
        out.extend(hook() if hook is not None else BUILTIN.get(config.label, []))
    return out


def erasure_coverage() -> dict[str, Erasure]:
    out: dict[str, Erasure] = {}
    for config in django_apps.get_app_configs():
        hook = getattr(config, "privacy_erasure", None)
        out.update(hook() if hook is not None else BUILTIN_ERASURE.get(config.label, {}))
    return out


def by_legal_basis() -> dict[LegalBasis, list[Processing]]:
    grouped: dict[LegalBasis, list[Processing]] = {basis: [] for basis in LegalBasis}
    for activity in processing_activities():
        grouped[activity.legal_basis].append(activity)
    return grouped


@dataclass
class Model:
    """For the pages: a declared model with its verbose field names."""

    label: str
    name: str
    fields: list[str] = field(default_factory=list)


def describe(category: DataCategory) -> Model | None:
    if not category.model:
        return None
    try:
        model = django_apps.get_model(category.model)
    except LookupError:
        return None
    names = []
    for name in category.fields:
        names.append(str(model._meta.get_field(name).verbose_name))
    return Model(category.model, str(model._meta.verbose_name_plural), names)
