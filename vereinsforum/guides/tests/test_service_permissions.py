"""The services ask the actor what it may do, whoever calls them (a page, the API, a shell):
staff write, review and publish every guide; a representative from outside the guide's
working group neither writes nor approves it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vereinsforum.guides import services
from vereinsforum.guides.models import GuideStatus
from vereinsforum.guides.tests.conftest import make_guide
from vereinsforum.lib.actors import TEST


def test_staff_write_and_publish(programme, team_member):
    guide = make_guide(programme, sections=1)
    section = guide.sections.get()
    services.section_revise(actor=team_member, section=section, title="Kasse", body="neu")
    services.guide_submit(actor=team_member, guide=guide)
    guide = services.guide_approve(actor=team_member, guide=guide)
    assert guide.status == GuideStatus.APPROVED


def test_an_outsider_neither_writes_nor_approves(programme, outsider):
    guide = make_guide(programme, sections=1)
    section = guide.sections.get()
    with pytest.raises(PermissionDenied):
        services.guide_create(actor=outsider, programme=programme, title="Eigener Leitfaden")
    with pytest.raises(PermissionDenied):
        services.section_revise(actor=outsider, section=section, title="Kasse", body="neu")
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=outsider, section=section, text="Bitte ändern.")
    with pytest.raises(PermissionDenied):
        services.guide_submit(actor=outsider, guide=guide)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT
    assert section.revisions.count() == 1


def test_approving_and_publishing_stay_with_staff(programme, representative):
    guide = make_guide(programme, sections=1)
    services.guide_submit(actor=TEST, guide=guide)
    with pytest.raises(PermissionDenied):
        services.guide_approve(actor=representative, guide=guide)
    with pytest.raises(PermissionDenied):
        services.guide_return(actor=representative, guide=guide)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW
