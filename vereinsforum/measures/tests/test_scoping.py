"""The measures' read scope: its SQL shape (accounts/tests/test_scoping_sql.py) and who reads
what, decided row by row against a brute-force oracle."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from vereinsforum.accounts.scoping import EDIT, VIEW, can
from vereinsforum.accounts.tests.test_scoping_sql import _outer, _sql
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import Measure, MeasureKind
from vereinsforum.measures.services import measure_create
from vereinsforum.programmes.scoping import enrolled_programme_ids
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "coordinator",
    "team_member",
    "interviewer",
    "representative",
    "service_provider",
    "outsider",
    "public",
]


def _user(request, role):
    return AnonymousUser() if role == "public" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [VIEW, EDIT])
def test_the_filter_adds_no_join_and_no_distinct(request, role, action):
    scoped = _sql(Measure.objects.for_user(_user(request, role), action))
    if not scoped:
        return
    plain = _sql(Measure.objects.all())
    assert "DISTINCT" not in scoped
    assert len(re.findall(r"\bJOIN\b", _outer(scoped))) == len(
        re.findall(r"\bJOIN\b", _outer(plain))
    )


def test_who_reads_and_writes_which_measure(
    request, enrolled, make_measure, welfare_service, association, other_association
):
    other_programme = factories.ProgrammeFactory()
    measures = [
        make_measure("A"),
        make_measure("B", responsible_organisation=welfare_service),
        make_measure("C", responsible_organisation=other_association),
    ]
    measures.append(
        measure_create(
            actor=TEST,
            programme=other_programme,
            kind=MeasureKind.TRAINING,
            title="D",
            fields=list(other_programme.fields.all()[:1]),
        )
    )

    def oracle(user, action, measure) -> bool:
        role = getattr(user, "role", None)
        if role in ("coordinator", "team_member"):
            return True
        if action == EDIT or role not in ("representative", "service_provider"):
            return False
        org = user.acting_for_id
        if measure.responsible_organisation_id == org:
            return True
        enrolled_in = set(enrolled_programme_ids(org).values_list("programme_id", flat=True))
        return role == "representative" and measure.programme_id in enrolled_in

    checked = 0
    for role in ROLES:
        user = _user(request, role)
        for action in (VIEW, EDIT):
            for measure in measures:
                expected = oracle(user, action, measure) if role != "public" else False
                assert can(user, action, measure) == expected, (role, action, measure.title)
                checked += 1
    assert checked == len(ROLES) * 2 * 4
    # The outsider's association is responsible for C but not enrolled: it reads C only.
    outsider = request.getfixturevalue("outsider")
    assert [m.title for m in Measure.objects.for_user(outsider).order_by("title")] == ["C"]
