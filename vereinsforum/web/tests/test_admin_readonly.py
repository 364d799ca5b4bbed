"""The Django admin reads; it never writes past the services and their audit log. A
coordinator once restored an erased person's name there (and OParl published it again)
with no audit entry."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Person
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.testing import factories
from vereinsforum.testing.otp import confirmed_totp_device

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(
    "model_admin",
    [model_admin for _model, model_admin in _admins()],
    ids=[model._meta.label for model, _admin in _admins()],
)
def test_no_registered_admin_lets_a_coordinator_write(model_admin, coordinator):
    """Every ModelAdmin, ours and the installed packages': no add, no change, no delete,
    no bulk action; a delete is allowed only where the admin hands it to a service."""
    request = _request(coordinator)
    assert model_admin.has_view_permission(request)  # still there for reading
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert model_admin.get_actions(request) == {}
    service = getattr(model_admin, "service", None)
    if service is None:
        assert not model_admin.has_delete_permission(request)
    else:
        # The one exception, wired to an audited service (see its test below).
        assert type(model_admin).delete_model is not admin.ModelAdmin.delete_model
    for inline_class in model_admin.inlines:
        inline = inline_class(model_admin.model, admin.site)
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


def test_every_admin_page_still_reads(client, coordinator, association):
    factories.AffiliationFactory(organisation=association)
    client.force_login(coordinator)
    for model, _model_admin in _admins():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url


def test_a_coordinator_cannot_restore_an_erased_persons_name(client, coordinator, association):
    person = factories.AffiliationFactory(organisation=association).person
    person_pseudonymise(actor=coordinator, person=person)
    entries = AuditEntry.objects.count()
    client.force_login(coordinator)
    url = reverse("admin:organisations_person_change", args=[person.pk])
    response = client.post(
        url,
        {
            "first_name": "Olga",
            "last_name": "Iwanowa",
            "email": "olga@example.org",
            "preferred_language": "de",
            "pseudonymised_at_0": "",
            "pseudonymised_at_1": "",
        },
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("–", "")
    assert person.pseudonymised_at is not None
    assert AuditEntry.objects.count() == entries


def test_add_and_delete_in_the_admin_are_refused(client, coordinator, association):
    person = factories.PersonFactory()
    client.force_login(coordinator)
    add = client.post(
        reverse("admin:organisations_person_add"), {"first_name": "A", "last_name": "B"}
    )
    delete = client.post(
        reverse("admin:organisations_person_delete", args=[person.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [association.pk], "post": "yes"},
    )
    assert (add.status_code, delete.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)  # the action does not exist; nothing happens
    assert Person.objects.filter(pk=person.pk).exists()
    assert type(association).objects.filter(pk=association.pk).exists()
    assert not Person.objects.filter(first_name="A", last_name="B").exists()


def test_user_accounts_and_roles_cannot_be_changed_in_the_admin(client, coordinator):
    account = factories.UserFactory(username="kasse", role="team_member")
    client.force_login(coordinator)
    change = client.post(
        reverse("admin:accounts_user_change", args=[account.pk]),
        {"username": "kasse", "role": "coordinator", "is_active": "on"},
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {"password1": "ein neues langes Passwort", "password2": "ein neues langes Passwort"},
    )
    assert (change.status_code, password.status_code) == (403, 403)
    account.refresh_from_db()
    assert account.role == "team_member"
    assert not admin.site.is_registered(Group)


def test_a_lost_phone_is_reset_in_the_admin_through_the_audited_service(client, coordinator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    other = factories.UserFactory(username="zweite", role="coordinator")
    device = confirmed_totp_device(other)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=other).exists()
    entry = AuditEntry.objects.get(action="second_factor.reset")
    assert entry.actor == coordinator and entry.target_id == str(device.pk)
    # Not their own: a coordinator locked out by their own hand would need a shell.
    own = confirmed_totp_device(coordinator)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[own.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=own.pk).exists()
