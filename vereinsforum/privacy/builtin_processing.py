"""The processing activities declared here for the apps that have no `privacy_declarations`
hook yet (see registry.py): what each app processes, why, on which legal basis, for whom
and how long. It changes when an app starts or stops processing personal data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vereinsforum.privacy.declarations import DataCategory, LegalBasis, Processing

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
