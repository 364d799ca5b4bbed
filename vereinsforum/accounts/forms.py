"""The accounts' forms: signing in (with the second factor), resetting and setting a password,
inviting a person to an account, changing its role and accepting the invitation."""

from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from vereinsforum.accounts.models import Role
from vereinsforum.lib.kern_forms import KernForm, KernFormMixin
from vereinsforum.organisations.models import AffiliationRole, Organisation, Person


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


# ---- accounts, managed by coordinators ------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # Names repeat; the address tells two Ali Yılmaz apart and is where the link goes.
        return f"{obj.full_name} ({obj.email})"


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _organisation_fields(form: forms.Form) -> None:
    form.fields["organisation"] = OrganisationChoiceField(
        label=_("Acts for"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
        help_text=_(
            "Only for representatives (their association) and service providers (their service)."
        ),
    )
    form.fields["affiliation_role"] = forms.ChoiceField(
        label=_("Their role in that organisation"),
        required=False,
        choices=[("", _("They hold a role there already")), *AffiliationRole.choices],
        help_text=_(
            "An account acts for an organisation only while its person holds a current role "
            "there. If they hold none yet, choose it: it is recorded from today."
        ),
    )


class InviteForm(KernForm):
    """Who (an existing person, or a new one), which role, and for which organisation."""

    person = PersonChoiceField(
        label=_("Existing person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("A new person (enter below)"),
        help_text=_("People with an e-mail address and no account yet."),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=80)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        # The model's choices: a list of pairs (the ORM types them loosely).
        choices=cast("list[tuple[str, str]]", Person._meta.get_field("preferred_language").choices),
        initial="de",
        help_text=_(
            "For a new person: the invitation is written in this language (an existing "
            "person's own choice is used)."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Role.choices],
        error_messages={"required": _("Please choose a role.")},
    )

    NEW_PERSON = ("first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.active().filter(account__isnull=True).exclude(email="")
        )
        _organisation_fields(self)

    def clean(self):
        data = super().clean()
        typed = [name for name in self.NEW_PERSON if data.get(name)]
        if data.get("person") and typed:
            self.add_error("person", _("Choose an existing person or enter a new one, not both."))
        elif not data.get("person") and len(typed) < len(self.NEW_PERSON):
            for name in self.NEW_PERSON:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("Please enter this for a new person, or choose one above.")
                    )
        return data


class RoleForm(KernForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"required": _("Please choose a role.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _organisation_fields(self)


class ActivationForm(KernForm):
    """The invitee's login name and first password (validated by the service)."""

    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        help_text=_(
            "You log in with this. It is your e-mail address unless you choose another "
            "(letters, digits and @ . + - _)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own texts for the configured validators, in the active language.
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") != data["password"]:
            self.add_error("password_again", _("The two passwords do not match."))
        return data
