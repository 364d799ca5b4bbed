"""Authoring, review and publication: revisions, comments, the status steps, the audit
trail, and the notification e-mails in the outbox."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import OutboxMessage
from vereinsforum.guides import services
from vereinsforum.guides.models import GuideStatus, Revision
from vereinsforum.guides.notifications import MAIL_KIND
from vereinsforum.guides.tests.conftest import enrol, make_guide, publish
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories


def _actions(guide):
    return list(
        AuditEntry.objects.filter(action__startswith="guide.", target_id=str(guide.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_every_save_is_a_revision_and_the_content_is_the_latest(programme):
    guide = make_guide(programme, sections=1)
    section = guide.sections.get()
    services.section_revise(actor=TEST, section=section, title="Kasse", body="zwei")
    services.section_revise(actor=TEST, section=section, title="Kassenbuch", body="drei")
    assert list(section.revisions.values_list("number", "title", "body")) == [
        (1, "Abschnitt 1", "Text von Abschnitt 1."),
        (2, "Kasse", "zwei"),
        (3, "Kassenbuch", "drei"),
    ]
    section.refresh_from_db()
    assert section.title == "Kassenbuch" and section.current.body == "drei"


def test_saving_the_same_text_again_is_refused(programme):
    section = make_guide(programme, sections=1).sections.get()
    with pytest.raises(ValidationError):
        services.section_revise(
            actor=TEST, section=section, title="Abschnitt 1", body="Text von Abschnitt 1."
        )
    assert Revision.objects.filter(section=section).count() == 1


def test_sections_reorder_by_swapping_neighbours(programme):
    guide = make_guide(programme, sections=3)
    first, second, third = guide.sections.order_by("position")
    services.section_move(actor=TEST, section=third, step=-1)
    services.section_move(actor=TEST, section=third, step=-1)
    services.section_move(actor=TEST, section=third, step=-1)  # already first: no-op
    assert list(guide.sections.order_by("position").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]


def test_review_workflow_with_comments_and_audit(programme):
    guide = make_guide(programme)
    with pytest.raises(ValidationError):
        services.guide_approve(actor=TEST, guide=guide)  # not in review yet
    services.guide_submit(actor=TEST, guide=guide)
    section = guide.sections.order_by("position").first()
    comment = services.comment_add(actor=TEST, section=section, text="Bitte Beispiel ergänzen.")
    assert comment.revision.number == 1
    with translation.override("en"), pytest.raises(ValidationError, match="Resolve"):
        services.guide_approve(actor=TEST, guide=guide)
    services.comment_resolve(actor=TEST, comment=comment)
    services.guide_approve(actor=TEST, guide=guide)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.APPROVED
    services.guide_publish(actor=TEST, guide=guide)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED and guide.published_at is not None
    assert _actions(guide) == [
        "guide.create",
        "guide.revise",
        "guide.revise",
        "guide.submit",
        "guide.comment",
        "guide.comment_resolve",
        "guide.approve",
        "guide.publish",
    ]


def test_changing_an_approved_text_sends_it_back_to_review(programme):
    guide = make_guide(programme, sections=1)
    services.guide_submit(actor=TEST, guide=guide)
    services.guide_approve(actor=TEST, guide=guide)
    services.section_revise(
        actor=TEST, section=guide.sections.get(), title="Abschnitt 1", body="anders"
    )
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW and guide.approved_at is None


def test_an_empty_guide_cannot_be_submitted(programme):
    guide = make_guide(programme, sections=0)
    with pytest.raises(ValidationError):
        services.guide_submit(actor=TEST, guide=guide)


def test_publishing_notifies_each_member_association_contact_in_their_language(
    programme, association, other_association
):
    """One message per contact (chair, delegate, contact person) of every enrolled
    association, each in the contact's language; no mail to a withdrawn or a non-enrolled
    association, nor to a treasurer."""
    enrol(programme, association)
    enrol(programme, other_association)
    withdrawn = factories.OrganisationFactory(name="Ausgetreten e.V.")
    enrol(programme, withdrawn, withdrawn=True)
    stranger = factories.OrganisationFactory(name="Nicht dabei e.V.")
    no_contact = factories.OrganisationFactory(name="Ohne Kontakt e.V.", email="info@ohne.example")
    enrol(programme, no_contact)

    def person(org, role, language):
        p = factories.PersonFactory(preferred_language=language)
        factories.AffiliationFactory(person=p, organisation=org, role=role)
        return p

    expected = {
        person(association, "chair", "tr").email: "tr",
        person(association, "contact", "de").email: "de",
        person(other_association, "delegate", "ar").email: "ar",
        person(other_association, "chair", "ru").email: "ru",
        "info@ohne.example": "de",
    }
    person(association, "treasurer", "en")
    person(withdrawn, "chair", "en")
    person(stranger, "chair", "en")

    guide = make_guide(programme, title="Leitfaden Vereinsbuchhaltung")
    publish(guide)

    messages = OutboxMessage.objects.filter(kind=MAIL_KIND)
    assert {m.to_email: m.language for m in messages} == expected
    assert messages.count() == len(expected)
    for message in messages:
        assert "Leitfaden Vereinsbuchhaltung" in message.subject
        assert f"/leitfaeden/{guide.slug}/" in message.body_text
        assert f'lang="{message.language}"' in message.body_html
        if message.person is not None:
            # The salutation, an existing catalogue entry, is in the contact's language.
            with translation.override(message.language):
                greeting = gettext("Dear %(name)s,") % {"name": message.person.full_name}
            assert greeting in message.body_text
    with translation.override("tr"):
        assert gettext("Dear %(name)s,") != "Dear %(name)s,"  # the oracle is really Turkish
    assert 'dir="rtl"' in messages.get(language="ar").body_html
    assert "Dear Sir or Madam," in messages.get(to_email="info@ohne.example").body_text or (
        messages.get(to_email="info@ohne.example").language == "de"
    )


def test_publishing_twice_is_refused_and_mails_once(programme, association):
    enrol(programme, association)
    p = factories.PersonFactory()
    factories.AffiliationFactory(person=p, organisation=association, role="chair")
    guide = publish(make_guide(programme))
    with pytest.raises(ValidationError):
        services.guide_publish(actor=TEST, guide=guide)
    assert OutboxMessage.objects.filter(kind=MAIL_KIND).count() == 1


def test_erasure_blanks_the_name_out_of_review_comments(programme):
    guide = make_guide(programme, sections=1)
    section = guide.sections.get()
    services.comment_add(actor=TEST, section=section, text="Frag Ayşe Yılmaz, sie weiß es.")
    services.comment_add(actor=TEST, section=section, text="Ohne Namen.")
    assert services.comments_erase(terms=["ayşe yılmaz", ""]) == 1
    assert sorted(section.comments.values_list("text", flat=True)) == [
        "Frag [gelöscht], sie weiß es.",
        "Ohne Namen.",
    ]
