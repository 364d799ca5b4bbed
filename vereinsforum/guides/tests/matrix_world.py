"""Guides for the URL × role matrix (accounts/tests/test_url_matrix.py).

Built on first use inside the matrix's module transaction (rolled back with the world) and
kept in `world.extra`: a published public guide (with a Turkish section, so it has a second
language), a published members-only guide, and a draft written by the own association's
working group, whose one section has two revisions and a review comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vereinsforum.guides import services
from vereinsforum.guides.models import Comment, Guide, Section, Visibility
from vereinsforum.workinggroups.tests.matrix_world import working_group


@dataclass
class GuideSide:
    public: Guide
    members: Guide
    draft: Guide
    section: Section  # of the draft
    comment: Comment  # on that section


def guides(world: Any) -> GuideSide:
    if "guides" not in world.extra:
        world.extra["guides"] = _build(world)
    return world.extra["guides"]


def _publish(actor, guide: Guide) -> Guide:
    services.guide_submit(actor=actor, guide=guide)
    services.guide_approve(actor=actor, guide=guide)
    return services.guide_publish(actor=actor, guide=guide)


def _build(world: Any) -> GuideSide:
    actor = world.users["coordinator"]
    programme = world.programme
    public = services.guide_create(actor=actor, programme=programme, title="Leitfaden Kasse")
    section = services.section_add(actor=actor, guide=public, title="Kassenbuch", body="Text.")
    services.translation_save(
        actor=actor, section=section, language="tr", title="Kasa defteri", body="Metin."
    )
    _publish(actor, public)
    members = services.guide_create(
        actor=actor,
        programme=programme,
        title="Leitfaden Mitglieder",
        visibility=Visibility.MEMBERS,
    )
    services.section_add(actor=actor, guide=members, title="Intern", body="Nur für Mitglieder.")
    _publish(actor, members)
    draft = services.guide_create(
        actor=actor,
        programme=programme,
        title="Leitfaden Entwurf",
        working_group=working_group(world, "own").group,
    )
    draft_section = services.section_add(actor=actor, guide=draft, title="Belege", body="Eins.")
    services.section_add(actor=actor, guide=draft, title="Spenden", body="Zwei.")
    services.section_revise(actor=actor, section=draft_section, title="Belege", body="Eins, zwei.")
    comment = services.comment_add(actor=actor, section=draft_section, text="Beispiel?")
    return GuideSide(public, members, draft, draft_section, comment)
