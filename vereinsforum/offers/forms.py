"""The offer form. It only parses input; offers/services.py decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.offers.services import known_districts
from vereinsforum.organisations.models import Language, Organisation, OrganisationKind
from vereinsforum.programmes.models import Field


class OfferForm(KernForm):
    organisation = forms.ModelChoiceField(
        label=_("Welfare service"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.WELFARE_SERVICE).order_by(
            "name"
        ),
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity = forms.IntegerField(
        label=_("Capacity in cases"),
        min_value=1,
        max_value=999,
        help_text=_("How many associations the service can support with this offer."),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    citywide = forms.BooleanField(label=_("Serves the whole city"), required=False)
    districts = forms.MultipleChoiceField(
        label=_("Districts served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the offer serves the whole city."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Only active offers are matched to needs."),
    )

    def __init__(self, *args, programme, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = programme.fields.order_by("position")
        self.fields["districts"].choices = [(d, d) for d in known_districts()]
        if organisation is not None:
            # A service provider records offers of their own service; the offer keeps its
            # service when it is edited.
            del self.fields["organisation"]
            self.organisation = organisation

    def clean(self):
        data = super().clean()
        if "organisation" not in self.fields:
            data["organisation"] = self.organisation
        return data
