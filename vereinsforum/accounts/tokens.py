"""The one-time link in an invitation: Django's password-reset token, with its own salt
and lifetime.

Nothing is stored for it. The token is an HMAC over the account's state, and that state
changes with every step that must end the link: setting the password (the hash changes),
a new invitation (a new unusable password, so the earlier link dies), deactivation,
a change of e-mail address, and the first login. A password-reset link and an invitation
link are not interchangeable (different salts).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

#: How long an invitation link works. Longer than a password reset (three days): the
#: invitee did not ask for it and may be away; a coordinator can send a new one.
INVITATION_VALID = timedelta(days=14)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "vereinsforum.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token) -> bool:
        # Django's check reads settings.PASSWORD_RESET_TIMEOUT; ours has its own lifetime.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= INVITATION_VALID.total_seconds()


invitation_token = InvitationTokenGenerator()
