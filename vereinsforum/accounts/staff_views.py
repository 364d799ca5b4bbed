"""The coordinators' account pages: the list, invitations, roles, deactivation.

Accounts have no `for_user` scope: these pages are the coordinators' alone (who see every
account), and the role is checked before anything is looked up.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.forms import InviteForm, RoleForm
from vereinsforum.accounts.models import Role, User
from vereinsforum.accounts.scoping import role_required
from vereinsforum.accounts.services import (
    account_deactivate,
    account_invitation_resend,
    account_invite,
    account_reactivate,
    account_role_change,
    invitation_is_pending,
)
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.params import positive_int

coordinators_only = role_required(Role.COORDINATOR)


def _accounts():
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.select_related("person", "acting_for").annotate(
        second_factor=Exists(confirmed)
    )


@coordinators_only
def user_list(request):
    accounts = _accounts().order_by("-is_active", "role", "last_name", "first_name", "username")
    return render(
        request,
        "accounts/user_list.html",
        {"accounts": [(a, invitation_is_pending(a)) for a in accounts]},
    )


@coordinators_only
def user_invite(request):
    initial = {}
    # From a person's page (?person=): that person, preselected.
    person_pk = positive_int(request.GET.get("person"))
    if person_pk:
        initial["person"] = person_pk
    form = InviteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_invite(
                actor=request.user,
                role=data["role"],
                person=data["person"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                preferred_language=data["preferred_language"],
                organisation=data["organisation"],
                affiliation_role=data["affiliation_role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.") % {"email": user.email},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_invite.html", {"form": form})


def _detail(request, account: User, *, role_form: RoleForm | None = None, status: int = 200):
    account = _accounts().get(pk=account.pk)
    if role_form is None:
        role_form = RoleForm(
            initial={"role": account.role, "organisation": account.acting_for},
        )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "own": account.pk == request.user.pk,
            "pending": invitation_is_pending(account),
            "role_form": role_form,
        },
        status=status,
    )


@coordinators_only
def user_detail(request, pk: int):
    return _detail(request, get_object_or_404(User, pk=pk))


@coordinators_only
@require_POST
def user_role(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            account_role_change(
                actor=request.user,
                user=account,
                role=data["role"],
                organisation=data["organisation"],
                affiliation_role=data["affiliation_role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role has been saved."))
            return redirect("accounts:user_detail", pk=pk)
    return _detail(request, account, role_form=form, status=400)


def _action(request, pk: int, service, done: str):
    account = get_object_or_404(User, pk=pk)
    try:
        service(actor=request.user, user=account)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("accounts:user_detail", pk=pk)


@coordinators_only
@require_POST
def user_deactivate(request, pk: int):
    return _action(request, pk, account_deactivate, _("The account has been deactivated."))


@coordinators_only
@require_POST
def user_reactivate(request, pk: int):
    return _action(request, pk, account_reactivate, _("The account has been reactivated."))


@coordinators_only
@require_POST
def user_invitation_resend(request, pk: int):
    return _action(
        request,
        pk,
        account_invitation_resend,
        _("A new invitation has been sent. The link sent before no longer works."),
    )
