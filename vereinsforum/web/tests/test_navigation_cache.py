"""The navigation is kept per `navigation_key` and language (web/navigation.py): that is only
right while every app's `nav_items` hook decides by the key alone. Here every role's users,
two of each where the key is the same, get from the cache exactly what the apps answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from vereinsforum.accounts.models import Role
from vereinsforum.testing import factories
from vereinsforum.web.navigation import collect_nav_items, nav_items, navigation_key

pytestmark = pytest.mark.django_db


def shown(items):
    return [(item.url_name, str(item.label), item.url) for item in items]


@pytest.fixture
def everyone(coordinator, team_member, interviewer, representative, outsider, service_provider):
    former = factories.UserFactory(
        username="former", role=Role.REPRESENTATIVE, acting_for=representative.acting_for
    )  # no current role in the association: does not act for it
    inactive = factories.UserFactory(username="inactive", role=Role.COORDINATOR, is_active=False)
    second = factories.UserFactory(username="coordinator2", role=Role.COORDINATOR)
    roleless = factories.UserFactory(username="roleless", role="")
    return [
        AnonymousUser(),
        coordinator,
        second,
        inactive,
        team_member,
        interviewer,
        representative,
        outsider,
        former,
        service_provider,
        roleless,
    ]


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_cached_navigation_is_what_the_apps_answer(everyone, language):
    with translation.override(language):
        for user in everyone:
            assert shown(nav_items(user)) == shown(collect_nav_items(user)), user
        keys = {navigation_key(user) for user in everyone}
        assert len(keys) < len(everyone)  # some users did share a cached answer


def test_a_representative_whose_role_ended_loses_the_association_items(representative):
    before = shown(nav_items(representative))
    representative.person.affiliations.update(end="2000-01-01")
    representative = type(representative).objects.get(pk=representative.pk)
    after = shown(nav_items(representative))
    assert after == shown(collect_nav_items(type(representative).objects.get(pk=representative.pk)))
    assert after != before
