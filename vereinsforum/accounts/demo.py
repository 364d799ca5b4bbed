"""Demo step: the coordinator `koordination` logs in with a second factor, as coordinators must.

Demo only: the key is fixed and public (README, `load_demo`'s output), so a reviewer can
produce the codes with any TOTP app or `oathtool --totp -b VEREINSFORUMDEMOKOORDINATIONZWEI`.
A real coordinator sets up their own app at the first login.
"""

from __future__ import annotations

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.models import Role, User
from vereinsforum.accounts.otp import TOTP_NAME

DEMO_USERNAME = "koordination"
#: base32, 32 characters = 20 bytes, what TOTP apps expect.
DEMO_TOTP_SECRET = "VEREINSFORUMDEMOKOORDINATIONZWEI"  # noqa: S105 - demo only, documented


def load(ctx) -> None:
    user = User.objects.filter(username=DEMO_USERNAME, role=Role.COORDINATOR).first()
    if user is None:
        return
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.update_or_create(
        user=user, name=TOTP_NAME, defaults={"key": key, "confirmed": True}
    )
