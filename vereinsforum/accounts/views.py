"""Signing in and out, the second factor (set-up, verification, recovery codes), password
reset, the own account page and accepting an invitation. The coordinators' management of
accounts is in staff_views.py."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from vereinsforum.accounts import otp
from vereinsforum.accounts.forms import ActivationForm, CodeForm, LoginForm
from vereinsforum.accounts.services import account_activate, invitation_is_pending, invitation_user
from vereinsforum.accounts.tokens import invitation_token
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.ratelimit import Limit, client_ip


def _second_factor_url(user, next_url: str) -> str | None:
    """Where a user goes after the password, if a code is still missing; else None."""
    # Right after the password the user has no is_verified() yet (django-otp's middleware
    # adds it on the next request): not verified.
    if getattr(user, "is_verified", lambda: False)() or not otp.second_factor_required(user):
        return None
    name = "accounts:otp_verify" if otp.totp_device(user) else "accounts:otp_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        return _second_factor_url(self.request.user, url) or url


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (settings.AXES_LOCKOUT_CALLABLE): the login page with a
    notice in the user's language instead of axes' bare text. The admin login gets it too."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    notice = ngettext(
        "Too many failed login attempts. For your protection, logging in is blocked "
        "for %(minutes)d minute. Please try again later.",
        "Too many failed login attempts. For your protection, logging in is blocked "
        "for %(minutes)d minutes. Please try again later.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    # Unbound: a bound form would authenticate again while rendering its errors.
    form = LoginForm(request, initial={"username": username})
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": notice, "next": next_url},
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    # A property, not the attribute Django declares: SITE_URL is read when the mail is sent.
    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        # Links in e-mails use the configured SITE_URL: behind a proxy the request's scheme
        # is http while the site is served over https.
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        # Counted per address and per e-mail address, whether or not an account has it:
        # the answer must not tell which addresses exist.
        email = form.cleaned_data["email"]
        by_ip = Limit.named("password_reset_ip")
        by_email = Limit.named("password_reset_email")
        ip_ok = by_ip.hit(client_ip(self.request))
        email_ok = by_email.hit(email)
        if not (ip_ok and email_ok):
            form.add_error(None, (by_email if ip_ok else by_ip).refusal())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


# ---- account and second factor -------------------------------------------------------------


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request, device) -> None:
    # A new session key for the step up, as for the login itself.
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
def account(request):
    device = otp.totp_device(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "device": device,
            "codes_left": otp.recovery_codes_left(request.user) if device else 0,
            "remove_form": CodeForm(prefix="remove", autofocus=False) if device else None,
        },
    )


@login_required
@sensitive_post_parameters("code")
def otp_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if otp.totp_device(user) is None:
        # Nothing to verify with: coordinators set up their app, the others need none.
        if otp.second_factor_required(user):
            return redirect(
                f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next(request)})}"
            )
        return redirect(_next(request))
    form = CodeForm(request.POST or None, recovery=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.second_factor_verify(user=user, token=form.cleaned_data["code"])
        except otp.Throttled as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            if device is not None:
                _verified(request, device)
                left = otp.recovery_codes_left(user)
                if isinstance(device, StaticDevice) and left <= 3:
                    messages.warning(
                        request,
                        ngettext(
                            "You have %(count)d recovery code left. Please make new ones "
                            "on your account page.",
                            "You have %(count)d recovery codes left. Please make new ones "
                            "on your account page.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(_next(request))
            form.add_error("code", _("This code is not right. Please try again."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _next(request)}, status=status
    )


@login_required
@sensitive_post_parameters("code")
def otp_setup(request):
    user = request.user
    try:
        device = otp.totp_device_pending(user=user)
    except ValidationError as exc:
        messages.info(request, exc.messages[0])
        return redirect("accounts:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.totp_device_confirm(
                user=user, device=device, token=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            device.refresh_from_db()
            _verified(request, device)
            request.session[otp.NEW_CODES_SESSION_KEY] = codes
            return redirect(
                f"{reverse('accounts:otp_recovery_codes')}?{urlencode({'next': _next(request)})}"
            )
    qr = otp.totp_qr_svg(device, label=_("QR code for your authenticator app"))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # noqa: S308 - segno's SVG of our own otpauth URI
            "secret": otp.totp_secret(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@login_required
def otp_recovery_codes(request):
    """GET shows a new set once; POST makes a new set (the old one stops working)."""
    if request.method == "POST":
        try:
            codes = otp.recovery_codes_renew(user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("accounts:account")
        request.session[otp.NEW_CODES_SESSION_KEY] = codes
        return redirect("accounts:otp_recovery_codes")
    codes = request.session.pop(otp.NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {"codes": [otp.format_recovery_code(c) for c in codes], "next": _next(request)},
    )


@login_required
@require_POST
@sensitive_post_parameters("remove-code")
def otp_remove(request):
    form = CodeForm(request.POST, prefix="remove", autofocus=False)
    if form.is_valid():
        try:
            otp.second_factor_remove(user=request.user, token=form.cleaned_data["code"])
        except otp.Throttled as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Two-factor authentication is switched off."))
            return redirect("accounts:account")
    device = otp.totp_device(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "device": device,
            "codes_left": otp.recovery_codes_left(request.user) if device else 0,
            "remove_form": form,
        },
        status=400,
    )


# ---- accepting an invitation ----------------------------------------------------------------

#: Where the token waits between the link and the form: the form's address carries this
#: placeholder instead, so the token does not leak through the Referer header or history
#: (as Django's password-reset confirmation does).
INVITATION_SESSION_KEY = "_invitation_token"
INVITATION_URL_TOKEN = "set-password"  # noqa: S105 - a placeholder, not a secret


@never_cache
@sensitive_post_parameters("password", "password_again")
def activate(request, uidb64: str, token: str):
    """The one-time link of an invitation: choose the login name and the first password,
    then continue logged in (a coordinator straight into setting up the app)."""
    account = invitation_user(uidb64)
    if token != INVITATION_URL_TOKEN:
        if account is not None and invitation_token.check_token(account, token):
            request.session[INVITATION_SESSION_KEY] = token
            return redirect(reverse("accounts:activate", args=[uidb64, INVITATION_URL_TOKEN]))
        token = ""
    else:
        token = request.session.get(INVITATION_SESSION_KEY, "")
    valid = (
        account is not None
        and invitation_is_pending(account)
        and invitation_token.check_token(account, token)
    )
    context = {"account": account, "valid": valid}
    if not valid or account is None:
        return render(request, "accounts/activate.html", context)
    if request.user.is_authenticated and request.user.pk != account.pk:
        # Logging the invitee in would end this session without a word.
        return render(request, "accounts/activate.html", {**context, "other_session": True})
    form = ActivationForm(
        request.POST if request.method == "POST" else None,
        initial={"username": account.username},
    )
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        try:
            account = account_activate(
                user=account,
                token=token,
                username=form.cleaned_data["username"],
                password=password,
            )
        except ValidationError as exc:
            if exc.code == "invalid_link":
                return render(request, "accounts/activate.html", {**context, "valid": False})
            add_service_errors(form, exc)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            # Through the backends, as a login with the form would (django-axes counts it).
            user = authenticate(request, username=account.username, password=password)
            if user is None:
                messages.success(request, _("Your password is set. Please log in."))
                return redirect(settings.LOGIN_URL)
            login(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            dashboard = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(_second_factor_url(user, dashboard) or dashboard)
    return render(request, "accounts/activate.html", {**context, "form": form})
