"""What the audit log page shows for its codes: a readable action, the changed fields' names,
and their values as a person reads them ("Yes", "Pending", "Association #5", "31.05.2007").

The log itself keeps codes and plain values (audit/services.py): they read the same whatever
language their writer used. Only the page translates them, with the models' own verbose names
and choices. A code without a label is shown as it is, never hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vereinsforum.audit.services import REDACTED

ACTION_LABELS: dict[str, Any] = {
    "accessibility_feedback.submit": _("Accessibility barrier reported"),
    "account.activate": _("Account activated by its owner"),
    "account.create_coordinator": _("Coordinator account created"),
    "account.deactivate": _("Account deactivated"),
    "account.invitation_resend": _("Account invitation sent again"),
    "account.invite": _("Account invitation sent"),
    "account.reactivate": _("Account reactivated"),
    "account.role_change": _("Role of an account changed"),
    "second_factor.disable": _("Second factor switched off"),
    "second_factor.enable": _("Second factor set up"),
    "second_factor.renew_codes": _("New recovery codes made"),
    "second_factor.reset": _("Second factor reset"),
    "affiliation.add": _("Role in an organisation added"),
    "affiliation.end": _("Role in an organisation ended"),
    "calendar_feed.create": _("Calendar subscription created"),
    "calendar_feed.revoke": _("Calendar subscription revoked"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "consent.record": _("Consent recorded"),
    "consent.withdraw": _("Withdrawal of consent recorded"),
    "coverage.compute": _("Coverage of the needs by the offers computed"),
    "measure.create_for_gap": _("Measure planned for needs without an offer"),
    "document.delete": _("Working-group document removed"),
    "document.upload": _("Working-group document uploaded"),
    "event.cancel": _("Event cancelled"),
    "event.create": _("Event created"),
    "event.update": _("Event changed"),
    "field.create": _("Field created"),
    "field.delete": _("Field removed"),
    "field.move": _("Field moved"),
    "field.update": _("Field changed"),
    "agenda_item.add": _("Agenda item added"),
    "agenda_item.move": _("Agenda item moved"),
    "agenda_item.update": _("Agenda item changed"),
    "ballot.cast": _("Ballot cast"),
    "ballot.change": _("Ballot changed"),
    "forum_body.create": _("Forum set up"),
    "forum_body.update": _("Forum rules changed"),
    "forum_membership.add": _("Forum member added"),
    "forum_membership.update": _("Forum membership changed"),
    "minutes.save": _("Minutes saved"),
    "ballot.enter_paper": _("Paper ballot entered"),
    "poll.close": _("Poll closed and counted"),
    "poll.create": _("Poll created"),
    "forum_session.prepare": _("Forum session prepared"),
    "poll.tie_draw": _("Tie resolved by drawing lots"),
    "guide.approve": _("Guide approved"),
    "guide.comment": _("Review comment on a guide"),
    "guide.comment_resolve": _("Review comment on a guide resolved"),
    "guide.create": _("Guide created"),
    "guide.publish": _("Guide published"),
    "guide.return": _("Guide returned to draft for changes"),
    "guide.revise": _("Guide revised"),
    "guide.submit": _("Guide submitted for review"),
    "guide.translate": _("Guide section translated"),
    "import.apply": _("Organisations and contacts imported from a file"),
    "interviewer.assign": _("Association assigned to an interviewer"),
    "interviewer.unassign": _("Association no longer assigned to an interviewer"),
    "invitation.answer": _("Invitation answered"),
    "invitation.send": _("Invitation sent"),
    "language.create": _("Language added"),
    "language.delete": _("Language removed"),
    "language.update": _("Language changed"),
    "location.create": _("Venue created"),
    "measure.create": _("Measure created"),
    "measure.events_set": _("Events of a measure chosen"),
    "measure.status_change": _("Status of a measure changed"),
    "measure.update": _("Measure changed"),
    "instrument.create": _("Questionnaire version created"),
    "instrument.fields_set": _("Fields of a questionnaire version chosen"),
    "instrument.item_update": _("Question changed"),
    "instrument.publish": _("Questionnaire version published"),
    "interview.return": _("Answers returned for correction"),
    "interview.save": _("Answers saved"),
    "interview.start": _("Interview or self-assessment started"),
    "interview.submit": _("Answers submitted"),
    "interview.validate": _("Answers validated"),
    "wave.create": _("Wave created"),
    "wave.settings_update": _("Wave settings changed"),
    "offer.create": _("Offer of a migration service recorded"),
    "offer.update": _("Offer of a migration service changed"),
    "mentor_offer.set": _("Offer to mentor saved"),
    "legislative_term.create": _("Legislative term created"),
    "publication_basis.grant": _("Publication over OParl allowed"),
    "publication_basis.revoke": _("Publication over OParl revoked"),
    "tombstone.record": _("Deletion recorded for OParl"),
    "organisation.create": _("Organisation created"),
    "organisation.update": _("Organisation changed"),
    "person.create": _("Person created"),
    "person.pseudonymise": _("Personal data erased"),
    "person.update": _("Person changed"),
    "programme.create": _("Programme created"),
    "programme.update": _("Programme changed"),
    "retention.purge": _("Data past its retention period removed"),
    "registration.accept_offer": _("Offered seat accepted"),
    "registration.cancel": _("Registration cancelled"),
    "registration.check_in": _("Checked in"),
    "registration.create": _("Registered"),
    "registration.no_show": _("Recorded as not attended"),
    "registration.offer": _("Seat offered from the waiting list"),
    "registration.record_attendance": _("Attendance recorded afterwards"),
    "registration.swap": _("Delegate swapped"),
    "registration.walk_in": _("Walk-in recorded"),
    "report_attachment.add": _("Attachment added to a paper"),
    "report_attachment.remove": _("Attachment removed from a paper"),
    "report.correct": _("Correction of a paper started"),
    "report.create": _("Paper created"),
    "report.delete": _("Draft paper deleted"),
    "report.draft": _("Explanatory statement drafted"),
    "report.issue": _("Paper issued"),
    "report.update": _("Paper changed"),
    "site_details.update": _("Imprint, privacy or contact details changed"),
    "subject.export": _("Information about stored data given (Art. 15)"),
    "task.create": _("Working-group task added"),
    "task.status_change": _("Status of a working-group task changed"),
    "task.update": _("Working-group task changed"),
    "tandem.accept": _("Tandem accepted by an association"),
    "tandem.approve": _("Tandem proposal approved"),
    "tandem.complete": _("Tandem completed"),
    "tandem.decline": _("Tandem declined by an association"),
    "tandem.discard": _("Tandem proposal discarded"),
    "tandem.feedback": _("Feedback on a tandem given"),
    "tandem.propose": _("Tandems proposed"),
    "tandem_settings.update": _("Tandem weights and rules changed"),
    "team_member.add": _("Project team member added"),
    "team_member.end": _("Project team membership ended"),
    "team_member.remove": _("Project team member removed"),
    "working_group.create": _("Working group formed"),
    "working_group.meeting_add": _("Meeting added to a working group"),
    "working_group.member_add": _("Member added to a working group"),
    "working_group.member_remove": _("Member left a working group"),
    "working_group.update": _("Working group changed"),
}


#: Codes written before the naming scheme `<entity>.<action>` (entity snake_case): the log is
#: append-only, so they stay as written and are read under their current name, which the
#: filters group by. Keys are the old codes; values the name the code would have today.
LEGACY_ACTIONS: dict[str, str] = {
    "account.second_factor.disable": "second_factor.disable",
    "account.second_factor.enable": "second_factor.enable",
    "account.second_factor.renew_codes": "second_factor.renew_codes",
    "account.second_factor.reset": "second_factor.reset",
    "coverage.measure_create": "measure.create_for_gap",
    "forum.agenda_item_add": "agenda_item.add",
    "forum.agenda_item_move": "agenda_item.move",
    "forum.agenda_item_update": "agenda_item.update",
    "forum.ballot_cast": "ballot.cast",
    "forum.ballot_change": "ballot.change",
    "forum.body_create": "forum_body.create",
    "forum.body_update": "forum_body.update",
    "forum.membership_add": "forum_membership.add",
    "forum.membership_update": "forum_membership.update",
    "forum.minutes_save": "minutes.save",
    "forum.paper_ballot_enter": "ballot.enter_paper",
    "forum.poll_close": "poll.close",
    "forum.poll_create": "poll.create",
    "forum.session_prepare": "forum_session.prepare",
    "forum.tie_draw": "poll.tie_draw",
    "needs.instrument.create": "instrument.create",
    "needs.instrument.fields": "instrument.fields_set",
    "needs.instrument.item": "instrument.item_update",
    "needs.instrument.publish": "instrument.publish",
    "needs.interview.return": "interview.return",
    "needs.interview.save": "interview.save",
    "needs.interview.start": "interview.start",
    "needs.interview.submit": "interview.submit",
    "needs.interview.validate": "interview.validate",
    "needs.wave.create": "wave.create",
    "needs.wave.settings": "wave.settings_update",
    "oparl.legislative_term.create": "legislative_term.create",
    "oparl.publication_basis.grant": "publication_basis.grant",
    "oparl.publication_basis.revoke": "publication_basis.revoke",
    "oparl.tombstone.record": "tombstone.record",
    "report.attachment.add": "report_attachment.add",
    "report.attachment.remove": "report_attachment.remove",
    "team.add": "team_member.add",
    "team.end": "team_member.end",
    "team.remove": "team_member.remove",
}

#: `<entity>.<action>`, both snake_case.
ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def canonical_action(code: str) -> str:
    """The code under today's naming scheme (itself, unless it is a legacy code)."""
    return LEGACY_ACTIONS.get(code, code)


def entity(code: str) -> str:
    """The entity part of an action code, e.g. "poll" for "forum.poll_close"."""
    return canonical_action(code).split(".", 1)[0]


def _participation_labels() -> dict[str, Any]:
    from vereinsforum.programmes.models import Step

    return {
        f"participation.{step.value}": format_lazy(
            "{}: {}", _("Participation step recorded"), step.label
        )
        for step in Step
    }


def action_label(code: str) -> str:
    """The readable action for `code`; the code itself if it has none (never hidden)."""
    code = canonical_action(code)
    label = ACTION_LABELS.get(code) or _participation_labels().get(code)
    return str(label) if label is not None else code


def known_actions() -> dict[str, Any]:
    return {**ACTION_LABELS, **_participation_labels()}


def channel_label(code: str) -> str:
    """The channel as read; entries older than the channel field say so."""
    from vereinsforum.audit.context import Channel

    if not code:
        return gettext("not recorded")
    return str(Channel(code).label) if code in Channel.values else code


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None  # a model that no longer exists: its entries stay readable


def type_label(target_type: str) -> str:
    model = _model(target_type)
    return str(capfirst(model._meta.verbose_name)) if model else target_type


#: Entries whose changes carry keys "<field position>.<answer field>": the interview's answers.
_ANSWER_KEY = re.compile(r"^(\d+)\.(\w+)$")
_ANSWER_MODEL = {"needs.interview": "needs.FieldAnswer"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field | None, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if value == REDACTED:
        return gettext("changed (not recorded)")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(_value(field, v) for v in value) or "–"
    if isinstance(value, dict):
        return gettext("%(n)s values") % {"n": len(value)}
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        return f"{capfirst(field.related_model._meta.verbose_name)} #{value}"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = timezone.localtime(datetime.fromisoformat(value))
        except ValueError:
            return value
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def changes(target_type: str, recorded: dict[str, Any]) -> list[Change]:
    """The entry's changes with field names and values as the page shows them."""
    model = _model(target_type)
    rows = []
    for key, values in (recorded or {}).items():
        field = _field(model, key)
        name = capfirst(field.verbose_name) if field is not None else key
        answer = _ANSWER_KEY.match(key)
        if field is None and answer and target_type in _ANSWER_MODEL:
            field = _field(_model(_ANSWER_MODEL[target_type]), answer.group(2))
            if field is not None:
                name = gettext("Field %(number)s: %(name)s") % {
                    "number": answer.group(1),
                    "name": field.verbose_name,
                }
        values = values if isinstance(values, list) else [values]
        before, after = (values[0], values[1]) if len(values) > 1 else (None, values[0])
        rows.append(Change(str(name), _value(field, before), _value(field, after)))
    return rows
