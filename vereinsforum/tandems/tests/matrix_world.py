"""What the URL × role matrix (accounts/tests/test_url_matrix.py) needs of the tandems:
the world's own association as a mentor candidate of the baseline wave (willing in the
first field), an approved tandem of each association (as mentee of a third one), and a
proposal staff have not reviewed yet (no association sees it)."""

from __future__ import annotations

from typing import Any

from vereinsforum.needs.models import FieldAnswer
from vereinsforum.tandems.models import Tandem, TandemStatus
from vereinsforum.testing import factories


def _tandem(wave: Any, field: Any, mentor: Any, mentee: Any, status: str) -> Tandem:
    return Tandem.objects.create(
        wave=wave,
        field=field,
        mentor=mentor,
        mentee=mentee,
        status=status,
        benefit=3.0,
        gap=2,
        mentor_competence=4,
        mentee_competence=2,
        mentee_need=4,
        benefit_gap=2.0,
        benefit_language=1.0,
        benefit_district=0.0,
    )


def plant(*, wave: Any, own: Any, other: Any) -> dict[str, Any]:
    first, second = list(wave.instrument.ordered_fields())[:2]
    FieldAnswer.objects.filter(
        interview__wave=wave, interview__organisation=own, field=first
    ).update(willing=True, capacity=1)
    mentor = factories.OrganisationFactory(name="Tandem-Mentor e.V.")
    return {
        "own_tandem": _tandem(wave, first, mentor, own, TandemStatus.APPROVED),
        "other_tandem": _tandem(wave, first, mentor, other, TandemStatus.APPROVED),
        "proposed_tandem": _tandem(wave, second, mentor, own, TandemStatus.PROPOSED),
    }
