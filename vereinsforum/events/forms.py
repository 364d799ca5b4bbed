from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import EventKind
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.organisations.models import Organisation, Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class RegisterForm(KernForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("Delegate"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class SwapForm(RegisterForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("New delegate"))


class OnBehalfForm(KernForm):
    """Staff register a person for an association: the person must belong to it."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Association")
    )
    person = PersonChoiceField(
        queryset=Person.objects.active(),
        label=_("Person"),
        help_text=_("A member, delegate or staff member of the association."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["person"].queryset = (
            Person.objects.active()
            .filter(affiliations__organisation__in=organisations)
            .distinct()
            .order_by("last_name", "first_name")
        )


class WalkInForm(KernForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Association")
    )
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InviteForm(KernForm):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Associations to invite"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class CodeForm(KernForm):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=32,
        help_text=_("The code under the QR code of the confirmation."),
    )


class SearchForm(KernForm):
    q = forms.CharField(label=_("Search by name or association"), required=False, max_length=80)


class AttendanceImportForm(KernForm):
    file = forms.FileField(
        label=_("Attendance list (CSV)"),
        required=False,
        help_text=_(
            "One row per person. Columns: code, or organisation, first_name and last_name."
        ),
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                data["text"] = raw.decode("cp1252", errors="replace")
        if not data.get("text"):
            raise forms.ValidationError(_("Please choose a CSV file."))
        return data


class EventFilterForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
