"""Forms of the coordinator pages that decide who is published over OParl."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.oparl.models import Basis
from vereinsforum.organisations.models import Organisation, Person


def _date_widget() -> forms.DateInput:
    # type=date gives a native, keyboard-usable picker that always submits ISO dates.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # The e-mail tells apart two people of the same name.
        return f"{obj.full_name} ({obj.email})" if obj.email else obj.full_name


class PublicationBasisForm(KernForm):
    """Grant, change or renew the legal basis of one person.

    Without `people` the person is fixed (change or renewal).
    """

    # Function and consent date are required depending on the basis: an "optional" marker
    # would mislead, so the hints say when each is needed.
    hide_optional = True

    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        empty_label=_("Choose a person"),
        error_messages={"required": _("Please choose the person to be published.")},
    )
    body = forms.ModelChoiceField(
        label=_("Published by"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": _("Please choose the body that publishes the person.")},
    )
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the legal basis.")},
    )
    status = forms.CharField(
        label=_("Office or function"),
        max_length=120,
        required=False,
        help_text=_(
            "As published, e.g. Beigeordneter or Delegierte im Forum der Vereine. "
            "Required for public officials."
        ),
    )
    title = forms.CharField(
        label=_("Academic title"),
        max_length=40,
        required=False,
        help_text=_("Optional, e.g. Dr."),
    )
    consent_on = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=_date_widget(),
        help_text=_("Required for consent: the date on the signed declaration."),
    )
    consent_on_file = forms.BooleanField(
        label=_("The written, signed consent is on file."),
        required=False,
        help_text=_("Required for consent. Without it the person must not be published."),
    )
    publish_official_contact = forms.BooleanField(
        label=_("Publish the official e-mail address and phone number"),
        required=False,
        help_text=_("Only for public officials acting in office; never for private persons."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Optional and not published, e.g. where the consent is filed."),
    )

    def __init__(self, *args, bodies, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("basis") == Basis.CONSENT and not data.get("consent_on_file"):
            self.add_error(
                "consent_on_file",
                _("Please confirm that the written consent is on file."),
            )
        return data

    def service_arguments(self) -> dict:
        """The cleaned data as `publication_basis_grant` takes it."""
        data = self.cleaned_data
        return {
            "body": data["body"],
            "basis": data["basis"],
            "consent_on": data.get("consent_on"),
            "title": data.get("title", "").strip(),
            "status": data.get("status", "").strip(),
            "publish_official_contact": bool(data.get("publish_official_contact")),
            "note": data.get("note", "").strip(),
        }


class PublicationRevokeForm(KernForm):
    confirm = forms.BooleanField(
        label=_("Yes, stop publishing this person. Their OParl address will answer as deleted."),
        error_messages={"required": _("Please confirm the revocation by ticking the box.")},
    )
