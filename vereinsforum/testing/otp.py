"""Second factor in tests: log users in as if they had typed their code.

Production asks coordinators (and everybody who switched it on) for a TOTP code after the
password (accounts/middleware.py). Tests that are about something else log in with
`client.force_login(user)`; the `client` fixture (conftest.py) is an `OTPClient`, which also
marks the session as verified with the user's device, creating a confirmed device for a
coordinator who has none. The production check is untouched: a plain `django.test.Client`
still meets it, and the tests of the second factor use one.
"""

from __future__ import annotations

from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.otp import TOTP_NAME, second_factor_required


def confirmed_totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def totp_code(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the user's app shows now (offset in 30-second steps)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def mark_verified(session, user) -> None:
    """Record in `session` that `user` has given their second factor."""
    if second_factor_required(user):
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()


class OTPClient(Client):
    def _login(self, user, backend=None):
        super()._login(user, backend)
        session = self.session
        mark_verified(session, user)

    def login(self, **credentials):
        # django-axes needs the request to count attempts; Client.login passes none.
        from django.contrib.auth import authenticate

        request = RequestFactory().post("/konto/login/")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self._login(user)
        return True
