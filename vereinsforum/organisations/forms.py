from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.organisations.models import (
    Language,
    Organisation,
    OrganisationKind,
    Verification,
)
from vereinsforum.organisations.services import REPRESENTATIVE_EDITABLE, STAFF_EDITABLE
from vereinsforum.programmes.models import Step


class OrganisationFilterForm(KernForm):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("Name, short name or community")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    district = forms.ChoiceField(label=_("City district"), required=False)
    language = forms.ModelChoiceField(
        label=_("Language"),
        required=False,
        queryset=Language.objects.all(),
        empty_label=_("All languages"),
    )
    status = forms.ChoiceField(
        label=_("Participation"),
        required=False,
        choices=[("", _("Any participation")), *Step.choices],
        help_text=_("Organisations that have reached this step"),
    )
    verification = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("Any status")), *Verification.choices],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [(d, d) for d in districts]


class OrganisationForm(KernModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [*STAFF_EDITABLE]
        widgets = {"public_description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STAFF_EDITABLE if staff else REPRESENTATIVE_EDITABLE
        for name in list(self.fields):
            if name != "languages" and name not in allowed:
                del self.fields[name]
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.all())


class PersonEraseForm(KernForm):
    confirm = forms.BooleanField(
        label=_("Yes, erase this person's personal data. This cannot be undone."),
        error_messages={"required": _("Please confirm the erasure by ticking the box.")},
    )
