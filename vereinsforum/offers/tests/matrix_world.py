"""What the URL × role matrix (accounts/tests/test_url_matrix.py) needs of the offers app:
an offer of the service provider's own service, one of another service, and a coverage run
of the world's baseline wave."""

from __future__ import annotations

from typing import Any

from vereinsforum.offers import services
from vereinsforum.organisations.models import OrganisationKind
from vereinsforum.testing import factories


def plant(*, coordinator: Any, welfare: Any, programme: Any) -> dict[str, Any]:
    field = programme.fields.order_by("position").first()
    other_service = factories.OrganisationFactory(
        kind=OrganisationKind.WELFARE_SERVICE, name="Migrationsdienst der Diakonie"
    )
    own_offer = services.offer_create(
        actor=coordinator,
        organisation=welfare,
        field=field,
        title="Sprechstunde Projektarbeit",
        capacity=2,
        citywide=True,
    )
    other_offer = services.offer_create(
        actor=coordinator,
        organisation=other_service,
        field=field,
        title="Projektberatung der Diakonie",
        capacity=1,
        citywide=True,
    )
    run = services.coverage_compute(actor=coordinator, programme=programme)
    return {"own_offer": own_offer, "other_offer": other_offer, "coverage_run": run}
