"""Two-factor authentication: a TOTP app as the second factor, recovery codes as the fallback.

Coordinators must use it (they hold every permission, the admin included); everybody else
may switch it on from their account page. Once a user has a confirmed TOTP device, every
login asks for a code after the password (accounts/middleware.py SecondFactorMiddleware).
Lost the phone? Another coordinator deletes the device in the admin ("TOTP devices"); the
next login then leads through the set-up again.
"""

from __future__ import annotations

import base64
import math
import re

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.models import User
from vereinsforum.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
#: Device names are fixed: they show in the admin, never anything a user typed.
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
#: Where the codes of a new set wait for the one page that shows them.
NEW_CODES_SESSION_KEY = "otp_new_recovery_codes"


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_required(user: User) -> bool:
    """Coordinators always; everybody who switched it on."""
    if not user.is_authenticated:
        return False
    return user.is_coordinator or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# ---- set-up ---------------------------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device the set-up page shows (the same one on every reload).

    Refused once a confirmed device exists: a session that has only passed the password
    must not be able to put a second app of its own next to the owner's.
    """
    if totp_device(user) is not None:
        raise ValidationError(_("Two-factor authentication is already set up."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def totp_qr_svg(device: TOTPDevice, *, label: str) -> str:
    """The otpauth:// URI as an inline SVG QR code with an accessible name."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with its current code; return the new recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or totp_device(user) is not None:
        raise ValidationError(_("Two-factor authentication is already set up."))
    if not device.verify_token(_digits(token)):
        raise ValidationError(
            {"code": _("This code is not right. Enter the code your app shows now.")}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    _audit(user, "second_factor.enable", device)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working."""
    if totp_device(user) is None:
        raise ValidationError(_("Two-factor authentication is not set up."))
    codes = _new_recovery_codes(user)
    _audit(user, "second_factor.renew_codes", StaticDevice.objects.get(user=user))
    return codes


@transaction.atomic
def second_factor_remove(*, user: User, token: str) -> None:
    """Switch it off again, with a current code. Not for coordinators: for them it is a duty."""
    if user.is_coordinator:
        raise ValidationError(_("Coordinators cannot switch off two-factor authentication."))
    device = totp_device(user)
    if device is None or second_factor_verify(user=user, token=token) is None:
        raise ValidationError({"code": _("This code is not right.")})
    _audit(user, "second_factor.disable", device)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> int:
    """A lost phone: another coordinator takes the user's devices away (the admin's delete
    of a device calls this); their next login leads through the set-up again. Audited by
    the coordinator who did it. Returns how many devices went."""
    if not getattr(actor, "is_coordinator", False):
        raise PermissionDenied(_("Only coordinators may reset two-factor authentication."))
    if actor.pk == user.pk:
        raise ValidationError(
            _("You cannot reset your own two-factor authentication. Ask another coordinator.")
        )
    devices = [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]
    for device in devices:
        _audit(actor, "second_factor.reset", device)
        device.delete()
    return len(devices)


# ---- login ----------------------------------------------------------------------------------


class Throttled(Exception):
    """Too many wrong codes in a row: django-otp makes the user wait 1, 2, 4, 8 … seconds."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds

    @property
    def message(self) -> str:
        return ngettext(
            "Too many wrong codes in a row. Please wait %(seconds)d second and try again.",
            "Too many wrong codes in a row. Please wait %(seconds)d seconds and try again.",
            self.seconds,
        ) % {"seconds": self.seconds}


def second_factor_verify(*, user: User, token: str) -> Device | None:
    """The device that accepts `token` (an app code or an unused recovery code), or None.

    Raises Throttled while the device must not be asked. A recovery code is used up.
    """
    token = token.strip()
    digits = _digits(token)
    if re.fullmatch(r"\d{6,8}", digits):
        candidates = TOTPDevice.objects.filter(user=user, confirmed=True)
        token = digits
    else:
        candidates = StaticDevice.objects.filter(user=user, confirmed=True)
        token = re.sub(r"[\s-]", "", token).lower()
    for candidate in candidates:
        with transaction.atomic():
            device = type(candidate).objects.select_for_update().get(pk=candidate.pk)
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                raise Throttled(_wait(device))
            if device.verify_token(token):
                return device
    return None


# ---- helpers --------------------------------------------------------------------------------


def _wait(device) -> int:
    # django-otp's rule (ThrottlingMixin.verify_is_allowed), to tell the user how long.
    required = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    elapsed = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(1, math.ceil(required - elapsed))


def _digits(token: str) -> str:
    return re.sub(r"\s", "", token or "")


def _audit(user: User, action: str, device: Device) -> None:
    # The device is the target, labelled by its number: str(device) holds the username,
    # which may be a name, and the log is append-only.
    label = f"{type(device).__name__} #{device.pk}"
    audit_record(actor=user, action=action, target=device, target_repr=label)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def format_recovery_code(code: str) -> str:
    """`abcdefgh` → `abcd-efgh`: easier to read aloud and copy; the hyphen is optional."""
    return f"{code[:4]}-{code[4:]}"
