"""Every role against every foundation page: allowed (200), refused (403), not visible (404),
or sent to the login (the public)."""

import pytest
from django.urls import reverse

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
OK, LOGIN, FORBIDDEN, HIDDEN, ADMIN_LOGIN, DASHBOARD = 200, "login", 403, 404, "admin", "dash"

#: page → expected outcome per role, in the order of ROLES.
#: "own" is `association` (the representative's, assigned to the interviewer);
#: "other" is `other_association` (the outsider's).
MATRIX = {
    "start": [OK, OK, OK, OK, OK, OK, OK],
    "dashboard": [OK, OK, OK, OK, OK, OK, LOGIN],
    "organisation_list": [OK, OK, OK, OK, OK, OK, LOGIN],
    "organisation_own": [OK, OK, OK, OK, HIDDEN, HIDDEN, LOGIN],
    "organisation_other": [OK, OK, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "organisation_edit_own": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "organisation_edit_other": [OK, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "people": [OK, OK, OK, OK, OK, OK, LOGIN],
    "person_own": [OK, OK, OK, OK, HIDDEN, HIDDEN, LOGIN],
    "person_erase": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "team": [OK, OK, OK, OK, OK, OK, LOGIN],
    # The everyday editing pages: coordinators everywhere, a representative on their own
    # association and its contacts; readers (team, interviewer) refused, others not told.
    "organisation_create": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "contact_create_own": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "contact_create_other": [OK, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "affiliation_add_own": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "affiliation_add_other": [OK, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "person_create": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "person_edit_own": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "person_edit_other": [OK, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "person_affiliation_add": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "affiliation_end_own": [OK, FORBIDDEN, FORBIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "affiliation_end_other": [OK, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, LOGIN],
    "participation_record_own": [
        OK,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        LOGIN,
    ],
    "audit_log": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "admin": [OK, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN],
    "admin_users": [
        OK,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
    ],
    "login": [DASHBOARD, DASHBOARD, DASHBOARD, DASHBOARD, DASHBOARD, DASHBOARD, OK],
    "password_reset": [OK, OK, OK, OK, OK, OK, OK],
    "accessibility": [OK, OK, OK, OK, OK, OK, OK],
    "accessibility_feedback": [OK, OK, OK, OK, OK, OK, OK],
    "privacy": [OK, OK, OK, OK, OK, OK, OK],
    "imprint": [OK, OK, OK, OK, OK, OK, OK],
}


@pytest.fixture
def world(users_by_role, outsider, association, other_association):
    own_role = factories.AffiliationFactory(organisation=association, role="treasurer")
    contact = own_role.person
    other_role = factories.AffiliationFactory(organisation=other_association, role="treasurer")
    return {
        "start": reverse("web:start"),
        "dashboard": reverse("web:dashboard"),
        "organisation_list": reverse("organisations:list"),
        "organisation_own": reverse("organisations:detail", args=[association.pk]),
        "organisation_other": reverse("organisations:detail", args=[other_association.pk]),
        "organisation_edit_own": reverse("organisations:edit", args=[association.pk]),
        "organisation_edit_other": reverse("organisations:edit", args=[other_association.pk]),
        "people": reverse("organisations:people"),
        "person_own": reverse("organisations:person", args=[contact.pk]),
        "person_erase": reverse("organisations:person_erase", args=[contact.pk]),
        "team": reverse("programmes:team"),
        "organisation_create": reverse("organisations:create"),
        "contact_create_own": reverse("organisations:contact_create", args=[association.pk]),
        "contact_create_other": reverse(
            "organisations:contact_create", args=[other_association.pk]
        ),
        "affiliation_add_own": reverse("organisations:affiliation_add", args=[association.pk]),
        "affiliation_add_other": reverse(
            "organisations:affiliation_add", args=[other_association.pk]
        ),
        "person_create": reverse("organisations:person_create"),
        "person_edit_own": reverse("organisations:person_edit", args=[contact.pk]),
        "person_edit_other": reverse("organisations:person_edit", args=[other_role.person_id]),
        "person_affiliation_add": reverse(
            "organisations:person_affiliation_add", args=[contact.pk]
        ),
        "affiliation_end_own": reverse("organisations:affiliation_end", args=[own_role.pk]),
        "affiliation_end_other": reverse("organisations:affiliation_end", args=[other_role.pk]),
        "participation_record_own": reverse(
            "programmes:participation_record", args=[association.pk]
        ),
        "audit_log": reverse("audit:log"),
        "admin": reverse("admin:index"),
        "admin_users": reverse("admin:accounts_user_changelist"),
        "login": reverse("accounts:login"),
        "password_reset": reverse("accounts:password_reset"),
        "accessibility": reverse("web:accessibility"),
        "accessibility_feedback": reverse("web:accessibility_feedback"),
        "privacy": reverse("web:privacy"),
        "imprint": reverse("web:imprint"),
        "users": {**users_by_role, "outsider": outsider},
    }


CASES = [
    (page, role, expected)
    for page, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_role_against_page(client, world, page, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = world[page]
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == DASHBOARD:
        assert response.status_code == 302
        assert response["Location"] == reverse("web:dashboard")
    else:
        assert response.status_code == expected, f"{role} on {url}"


def test_the_matrix_covers_every_role_and_page():
    assert all(len(outcomes) == len(ROLES) for outcomes in MATRIX.values())


@pytest.mark.parametrize("role", ["team_member", "interviewer", "service_provider", "outsider"])
def test_a_refused_edit_changes_nothing(client, world, association, role):
    client.force_login(world["users"][role])
    response = client.post(
        reverse("organisations:edit", args=[association.pk]), {"name": "Übernommen"}
    )
    assert response.status_code in (403, 404)
    association.refresh_from_db()
    assert association.name == "Anadolu e.V."


@pytest.mark.parametrize("role", ["team_member", "interviewer", "representative", "outsider"])
def test_only_coordinators_erase_people(client, world, association, role):
    person = association.affiliations.first().person
    client.force_login(world["users"][role])
    response = client.post(
        reverse("organisations:person_erase", args=[person.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.pseudonymised_at is None


def test_a_deactivated_account_is_logged_out(client, coordinator):
    client.force_login(coordinator)
    coordinator.is_active = False
    coordinator.save()
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
