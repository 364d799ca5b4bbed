from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    pass


class ResetForm(KernFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(KernFormMixin, SetPasswordForm):
    pass


class CodeForm(KernForm):
    """A code from the authenticator app, or (at login) one of the recovery codes."""

    code = forms.CharField(
        label=_("Code from your app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, recovery: bool = False, autofocus: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if autofocus:
            # The code is all these pages ask for.
            self.fields["code"].widget.attrs["autofocus"] = True
        if recovery:
            field = self.fields["code"]
            field.label = _("Code from your app or a recovery code")
            field.help_text = _("Six digits from the app; a recovery code looks like abcd-efgh.")
            # Recovery codes have letters: a numeric keyboard would hide them.
            field.widget.attrs["inputmode"] = "text"
