"""Forms of the coordinator's set-up (setup_views.py). Organisations are chosen by name from
lists; nothing asks for a number the user cannot know."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.lib.translation_inputs import add_translation_inputs, translations_from
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.programmes.services import NewDepartment
from vereinsforum.web.models import SiteDetails


def _date_widget() -> forms.DateInput:
    # type=date: a native, keyboard-usable picker that always submits ISO dates.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        # Two departments may share a name in different cities; the parent tells them apart.
        return f"{obj.name} ({obj.parent.name})" if obj.parent is not None else obj.name


class ProgrammeForm(KernForm):
    name = forms.CharField(
        label=_("Name of the programme"),
        max_length=200,
        error_messages={"required": _("Please enter the programme's name.")},
    )
    funding_programme = forms.CharField(
        label=_("Funding programme"),
        max_length=200,
        required=False,
        help_text=_("e.g. KOMM-IN NRW"),
    )
    funder = forms.CharField(
        label=_("Funder"),
        max_length=200,
        required=False,
        help_text=_("e.g. Land Nordrhein-Westfalen"),
    )
    start = forms.DateField(
        label=_("Start"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date the programme starts.")},
    )
    end = forms.DateField(label=_("End"), required=False, widget=_date_widget())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lead_department = _DepartmentChoice(
        label=_("Lead department"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("A new department (name it below)"),
    )
    department_name = forms.CharField(
        label=_("Name of the new department"),
        max_length=200,
        required=False,
        help_text=_("e.g. Ressort Zuwanderung und Integration"),
    )
    city = forms.ModelChoiceField(
        label=_("The new department belongs to"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("A new city or organisation (name it below)"),
    )
    city_name = forms.CharField(
        label=_("City or organisation the new department belongs to"),
        max_length=200,
        required=False,
        help_text=_("e.g. Stadt Wuppertal"),
    )

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        if programme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": programme.name,
                    "funding_programme": programme.funding_programme,
                    "funder": programme.funder,
                    "start": programme.start,
                    "end": programme.end,
                    "description": programme.description,
                    "lead_department": programme.lead_department,
                },
            )
        super().__init__(*args, **kwargs)
        departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).select_related(
            "parent"
        )
        # A department belongs to a city (or a division of it), never to an association.
        parents = Organisation.objects.filter(
            kind__in=[OrganisationKind.OTHER, OrganisationKind.DEPARTMENT]
        )
        # On a fresh install there is nothing to choose from: only the names are asked for.
        if departments.exists():
            cast(forms.ModelChoiceField, self.fields["lead_department"]).queryset = departments
        else:
            del self.fields["lead_department"]
            self.fields["department_name"].label = _("Name of the department")
            self.fields["department_name"].required = True
            self.fields["department_name"].error_messages["required"] = _(
                "Please enter the name of the lead department."
            )
        if parents.exists():
            cast(forms.ModelChoiceField, self.fields["city"]).queryset = parents
        else:
            del self.fields["city"]
            # Nothing to choose from means the department is new too: its city is needed.
            self.fields["city_name"].label = _("City or organisation the department belongs to")
            self.fields["city_name"].required = True
            self.fields["city_name"].error_messages["required"] = _(
                "Please name the city or organisation the department belongs to."
            )

    @property
    def has_department_choice(self) -> bool:
        return "lead_department" in self.fields

    @property
    def has_city_choice(self) -> bool:
        return "city" in self.fields

    def service_arguments(self) -> dict:
        """The cleaned input as the keyword arguments of programme_create/programme_update."""
        data = self.cleaned_data
        name = data["department_name"].strip()
        city_given = data.get("city") is not None or data["city_name"].strip()
        # The city belongs to a new department only: with a department chosen from the list
        # and no new name, what was typed there is left aside.
        new_department = (
            NewDepartment(name=name, parent=data.get("city"), parent_name=data["city_name"])
            if name or (city_given and data.get("lead_department") is None)
            else None
        )
        return {
            "name": data["name"],
            "funding_programme": data["funding_programme"],
            "funder": data["funder"],
            "start": data["start"],
            "end": data["end"],
            "description": data["description"],
            "lead_department": data.get("lead_department"),
            "new_department": new_department,
        }


class FieldForm(KernForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Please enter the field's name.")},
        help_text=_("In German, as the office uses it."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, field=None, **kwargs):
        if field is not None:
            kwargs.setdefault("initial", {"name": field.name, "description": field.description})
        super().__init__(*args, **kwargs)
        self.name_translations = add_translation_inputs(
            self,
            "name",
            label=_("Name"),
            max_length=120,
            initial=field.name_i18n if field else None,
        )
        self.description_translations = add_translation_inputs(
            self,
            "description",
            label=_("Description"),
            max_length=2000,
            multiline=True,
            initial=field.description_i18n if field else None,
        )

    def name_inputs(self):
        return [self[name] for name in ["name", *self.name_translations]]

    def description_inputs(self):
        return [self[name] for name in ["description", *self.description_translations]]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_i18n": translations_from(data, "name"),
            "description": data["description"],
            "description_i18n": translations_from(data, "description"),
        }


class FieldMoveForm(KernForm):
    position = forms.IntegerField(label=_("Position"), min_value=1)


class LanguageForm(KernForm):
    code = forms.CharField(
        label=_("Language code"),
        max_length=8,
        help_text=_("The ISO 639 code in small letters, e.g. “tr” for Turkish, “ku” for Kurdish."),
        error_messages={"required": _("Please enter the language's code.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("In German, e.g. Türkisch."),
        error_messages={"required": _("Please enter the language's name.")},
    )

    def __init__(self, *args, language=None, **kwargs):
        if language is not None:
            kwargs.setdefault("initial", {"name": language.name})
        super().__init__(*args, **kwargs)
        if language is not None:
            # The code is the language's key in every record that names it.
            del self.fields["code"]
        self.name_translations = add_translation_inputs(
            self,
            "name",
            label=_("Name"),
            max_length=60,
            initial=language.name_i18n if language else None,
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {"name": data["name"], "name_i18n": translations_from(data, "name")}
        if "code" in self.fields:
            arguments["code"] = data["code"]
        return arguments


class SiteDetailsForm(KernModelForm):
    IMPRINT = ("operator", "operator_address", "representative", "imprint_contact")
    PRIVACY = ("privacy_controller", "privacy_officer", "privacy_authority", "privacy_retention")
    CONTACT = ("contact_phone", "contact_email", "contact_address", "contact_hours")

    class Meta:
        model = SiteDetails
        fields = [
            "operator",
            "operator_address",
            "representative",
            "imprint_contact",
            "privacy_controller",
            "privacy_officer",
            "privacy_authority",
            "privacy_retention",
            "contact_phone",
            "contact_email",
            "contact_address",
            "contact_hours",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "operator_address",
                "imprint_contact",
                "privacy_controller",
                "privacy_officer",
                "privacy_authority",
                "privacy_retention",
                "contact_address",
                "contact_hours",
            )
        }

    def section(self, names):
        return [self[name] for name in names]

    def imprint_inputs(self):
        return self.section(self.IMPRINT)

    def privacy_inputs(self):
        return self.section(self.PRIVACY)

    def contact_inputs(self):
        return self.section(self.CONTACT)
