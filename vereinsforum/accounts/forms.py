from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from vereinsforum.lib.kern_forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    pass


class ResetForm(KernFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(KernFormMixin, SetPasswordForm):
    pass
