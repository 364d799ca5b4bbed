"""Interviews are labelled by association and date, never by an account's login name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinsforum.accounts.models import Role
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_an_interview_is_shown_by_association_and_date_not_by_the_login_name(
    client, coordinator, wave, association
):
    (interview,) = fill(wave, [[3, 4, 2, 5, 1, 2, 3]], organisations=[association])
    interview.interviewer = factories.UserFactory(
        username="iv-konto-17", role=Role.INTERVIEWER, person=None, first_name="", last_name=""
    )
    interview.save()
    client.force_login(coordinator)
    for url in (
        reverse("needs:wave", args=[wave.pk]),
        reverse("needs:interview", args=[interview.pk]),
        reverse("needs:association", args=[association.pk]),
    ):
        page = client.get(url).content.decode()
        assert "iv-konto-17" not in page, url
        assert "Anadolu e.V." in page, url
        assert "01.07.2007" in page, url
