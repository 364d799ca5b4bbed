"""The page form for a new personal API token (name, expiry, read-only).

It only parses: the rules (the name, at most a year) are in `api_token_create`.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm


def _default_expiry():
    return timezone.localdate() + timedelta(days=90)


class TokenForm(KernForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the program that uses it."),
    )
    expires = forms.DateField(
        label=_("Valid until"),
        initial=_default_expiry,
        help_text=_("At most one year from today. The token stops working after this day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        initial=True,
        help_text=_("A read-only token can read, but not register, vote or change anything."),
    )
