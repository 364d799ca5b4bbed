from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import EventKind
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.organisations.models import Organisation, Person


class ScopedChoicesMixin:
    """Forms whose choices are narrowed in __init__.

    KernFormMixin validates a bound form inside __init__ (to mark fields with errors), i.e.
    before a subclass can narrow a queryset; `_choices_changed` drops that early result and
    marks the fields again once the real choices are in place."""

    def _choices_changed(self) -> None:
        if not self.is_bound:
            return
        self._errors = None
        for name, field in self.fields.items():
            css = field.widget.attrs.get("class", "")
            classes = [c for c in css.split() if not c.endswith("--error")]
            if name in self.errors:
                classes += [f"{c}--error" for c in classes if c.startswith("kern-")][:1]
            field.widget.attrs["class"] = " ".join(classes)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class RegisterForm(ScopedChoicesMixin, KernForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("Delegate"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
            self._choices_changed()


class SwapForm(RegisterForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("New delegate"))


class OnBehalfForm(ScopedChoicesMixin, KernForm):
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
        self._choices_changed()


class WalkInForm(ScopedChoicesMixin, KernForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Association")
    )
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self._choices_changed()


class InviteForm(ScopedChoicesMixin, KernForm):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Associations to invite"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        self._choices_changed()


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
