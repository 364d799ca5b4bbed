"""A consent for the URL × role matrix (accounts/tests/test_url_matrix.py): the own
association's contact consented to photos. Looked up or made when the matrix asks for it,
so it is there whether or not an earlier request's savepoint was rolled back."""

from __future__ import annotations

from datetime import date
from typing import Any

from vereinsforum.privacy.models import Channel, Consent, Purpose


def consent(world: Any) -> dict:
    person = world.side("own").contact
    row = Consent.objects.in_force().filter(person=person, purpose=Purpose.PHOTOS).first()
    if row is None:
        row = Consent.objects.create(
            person=person,
            purpose=Purpose.PHOTOS,
            given_on=date(2007, 5, 14),
            source=Channel.PAPER,
            text="Fotos von mir dürfen im Bericht erscheinen.",
        )
    return {"pk": row.pk}
