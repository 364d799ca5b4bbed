"""The services ask the actor what it may do, whoever calls them (a page, the API, a shell):
staff run the matching and review it, an association's side is answered by its own
representative (or by staff on its behalf), and a representative from outside is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vereinsforum.tandems import services
from vereinsforum.tandems.models import Tandem, TandemStatus


def test_only_staff_run_review_and_complete(offers, representative):
    with pytest.raises(PermissionDenied):
        services.tandems_run(actor=representative, wave=offers["wave"])
    assert not Tandem.objects.exists()


def test_a_representative_does_not_review_a_proposal(offers, coordinator, representative):
    services.tandems_run(actor=coordinator, wave=offers["wave"])
    tandem = Tandem.objects.get(mentor=offers["anadolu"], mentee=offers["x"])
    with pytest.raises(PermissionDenied):
        services.tandem_review(actor=representative, tandem=tandem, approve=True)
    tandem.refresh_from_db()
    assert tandem.status == TandemStatus.PROPOSED


def test_an_outsider_cannot_answer_for_a_side(offers, coordinator, representative, outsider):
    services.tandems_run(actor=coordinator, wave=offers["wave"])
    tandem = Tandem.objects.get(mentor=offers["anadolu"], mentee=offers["x"])
    tandem = services.tandem_review(actor=coordinator, tandem=tandem, approve=True)
    with pytest.raises(PermissionDenied):
        services.tandem_answer(
            actor=outsider, tandem=tandem, organisation=offers["anadolu"], accept=False
        )
    # The association's own representative may.
    tandem = services.tandem_answer(
        actor=representative, tandem=tandem, organisation=offers["anadolu"], accept=True
    )
    assert tandem.status == TandemStatus.APPROVED


def test_an_outsider_cannot_offer_for_an_association(world, outsider):
    with pytest.raises(PermissionDenied):
        services.mentor_offers_set(
            actor=outsider,
            wave=world["wave"],
            organisation=world["anadolu"],
            capacities={world["field"]: 1},
        )
