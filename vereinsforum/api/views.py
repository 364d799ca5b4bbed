"""The account's API tokens: list, make (the secret is shown once), revoke."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.otp import second_factor_required
from vereinsforum.accounts.scoping import login_with_role
from vereinsforum.api.forms import TokenForm
from vereinsforum.api.models import ApiToken
from vereinsforum.api.problems import problem_response
from vereinsforum.api.services import api_token_create, api_token_revoke
from vereinsforum.lib.kern_forms import add_service_errors


def _require_verified(request) -> None:
    # The middleware already holds a session without its second factor at the code page;
    # asked again here because a token outlives the session: it must come from a verified one.
    if second_factor_required(request.user) and not request.user.is_verified():
        raise PermissionDenied


def api_not_found(request, rest: str):
    """A path under /api/v1/ that names no operation: 404 as problem details, like the rest."""
    return problem_response(404, "not-found", _("There is nothing here, or not for you."))


@login_with_role
def tokens(request):
    _require_verified(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            # Valid through the chosen day, to its end in the local time zone.
            end = datetime.combine(form.cleaned_data["expires"], time.max)
            try:
                token, secret = api_token_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    read_only=form.cleaned_data["read_only"],
                    expires=timezone.make_aware(end),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                form = TokenForm()
        if not secret:
            status = 400
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.for_user(request.user),
            "now": timezone.now(),
        },
        status=status,
    )
    return response


@require_POST
@login_with_role
def token_revoke(request, pk: int):
    _require_verified(request)
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token has been revoked and no longer works."))
    return redirect("api:tokens")
