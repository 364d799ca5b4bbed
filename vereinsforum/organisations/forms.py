"""The organisations' and people's forms: the list's filters, editing an organisation (only
the fields the user may change), a person, a new contact with their first role, a role
added or ended, and the confirmation of an erasure."""

from typing import TypedDict

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.organisations.hooks import participation_step_choices
from vereinsforum.organisations.models import (
    AffiliationRole,
    Language,
    Organisation,
    OrganisationKind,
    Person,
    Verification,
)
from vereinsforum.organisations.scoping import STAFF_EDITABLE


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
        choices=[("", _("Any participation"))],  # the steps: see __init__
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
        # Participation steps are the programmes app's (organisations/hooks.py).
        self.fields["status"].choices = [
            ("", _("Any participation")),
            *participation_step_choices(),
        ]


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

    def __init__(self, *args, editable: tuple[str, ...], **kwargs):
        """`editable`: what the user may change (scoping.py `editable_organisation_fields`)."""
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "languages" and name not in editable:
                del self.fields[name]
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.all())


class PersonValues(TypedDict):
    first_name: str
    last_name: str
    email: str
    phone: str
    preferred_language: str


class PersonEraseForm(KernForm):
    confirm = forms.BooleanField(
        label=_("Yes, erase this person's personal data. This cannot be undone."),
        error_messages={"required": _("Please confirm the erasure by ticking the box.")},
    )


def _date_widget() -> forms.DateInput:
    # type=date gives a native, keyboard-usable picker; it always submits ISO dates,
    # which Django accepts in every language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(KernModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "preferred_language"]


class NewPersonForm(PersonForm):
    """A new person with their first role. From an organisation's page the organisation is
    fixed and the role required; on the coordinator's page both are optional."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No organisation yet"),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("Choose a role")), *AffiliationRole.choices],
    )
    start = forms.DateField(label=_("In this role since"), required=False, widget=_date_widget())

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
            self.fields["role"].required = True
            self.fields["role"].error_messages["required"] = _(
                "Please choose the person's role in the organisation."
            )
        else:
            self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if "organisation" in self.fields:
            if data.get("organisation") and not data.get("role"):
                self.add_error("role", _("Please choose the person's role in the organisation."))
            if data.get("role") and not data.get("organisation"):
                self.add_error("organisation", _("Please choose the organisation for this role."))
            if data.get("start") and not data.get("organisation"):
                self.add_error("organisation", _("Please choose the organisation for this role."))
        return data

    def person_values(self) -> PersonValues:
        """The new person's own fields, as `person_create` takes them."""
        data = self.cleaned_data
        return PersonValues(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            preferred_language=data["preferred_language"],
        )


class AffiliationAddForm(KernForm):
    """An existing person takes a role in an organisation: from the organisation's page
    (choose the person) or from the person's page (choose the organisation)."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *AffiliationRole.choices]
    )
    start = forms.DateField(label=_("From"), required=False, widget=_date_widget())
    end = forms.DateField(label=_("Until"), required=False, widget=_date_widget())

    def __init__(self, *args, people=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (("person", people), ("organisation", organisations)):
            if queryset is None:
                del self.fields[name]
            else:
                self.fields[name].queryset = queryset
        self.fields["role"].error_messages["required"] = _(
            "Please choose the person's role in the organisation."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end must not be before the start."))
        return data


class AffiliationEndForm(KernForm):
    end = forms.DateField(
        label=_("Last day in this role"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date on which the role ended.")},
    )
