"""Working groups for the URL × role matrix (accounts/tests/test_url_matrix.py).

Built by the matrix's `world` fixture right after the world, inside the module's transaction
(so it is rolled back with the world), and kept in `world.extra`: one group per side, whose
member and lead is that association's contact (the planted name), with a task and a
document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from vereinsforum.workinggroups.services import (
    document_upload,
    membership_add,
    task_create,
    working_group_create,
)


@dataclass
class GroupSide:
    group: Any
    membership: Any
    task: Any
    document: Any


def working_group(world: Any, side: str) -> GroupSide:
    built = world.extra.setdefault("working_groups", {})
    if side not in built:
        built[side] = _build(world, side)
    return built[side]


def _build(world: Any, side: str) -> GroupSide:
    coordinator = world.users["coordinator"]
    theirs = world.side(side)
    group = working_group_create(
        actor=coordinator,
        programme=world.programme,
        name=f"Arbeitsgruppe Kasse ({side})",
        mandate="Ein Leitfaden zur Vereinskasse.",
        lead=theirs.contact,
        formed_on=date(2007, 10, 10),
    )
    membership = membership_add(
        actor=coordinator, group=group, person=theirs.contact, organisation=theirs.organisation
    )
    task = task_create(actor=coordinator, group=group, title="Gliederung", owner=theirs.contact)
    document = document_upload(
        actor=coordinator,
        group=group,
        title="Tagesordnung",
        upload=SimpleUploadedFile("tagesordnung.pdf", b"%PDF-1.4 Tagesordnung"),
    )
    return GroupSide(group, membership, task, document)
