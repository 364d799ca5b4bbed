"""The events' forms: registering and swapping delegates, staff's event form, check-in,
walk-ins, attendance lists and the kick-off's enrolment. They only parse input; the
services decide (EventForm.event_values hands the event form to event_create/update).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypedDict, cast

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.attendance_import import MAX_BYTES, attendee_key
from vereinsforum.events.models import Audience, EventKind, Location
from vereinsforum.events.services.administration import LOCATION_FIELDS, LocationInput
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.lib.translated import translated
from vereinsforum.organisations.models import Language, Organisation, Person
from vereinsforum.programmes.models import Field, Programme


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

    def __init__(self, *args, organisations=None, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        # Once an association is chosen, only its people are offered. Choosing another one
        # reloads the person list (htmx picks #id_person out of the page at `refresh_url`);
        # without JavaScript every affiliated person is listed and the service checks the pair.
        chosen = self._chosen(organisations)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = (
            Person.objects.active()
            .affiliated_with(chosen or organisations)
            .order_by("last_name", "first_name")
        )
        if refresh_url:
            self.fields["organisation"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#id_person",
                    "hx-select": "#id_person",
                    "hx-swap": "outerHTML",
                }
            )

    def _chosen(self, organisations) -> Organisation | None:
        value = (
            self.data.get(self.add_prefix("organisation"))
            if self.is_bound
            else self.initial.get("organisation")
        )
        if organisations is None or not str(value or "").isdigit():
            return None
        return organisations.filter(pk=int(str(value))).first()


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


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InviteForm(KernForm):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Associations to invite"),
        widget=forms.CheckboxSelectMultiple(attrs={"filterable": True}),
    )
    sent_on = forms.DateField(
        label=_("Sent on"),
        widget=_date_input(),
        help_text=_(
            "Today, or the day the invitations went out if you record them afterwards. "
            "Invitations dated in the past are recorded without an e-mail."
        ),
        error_messages={"required": _("Please enter the day the invitations are sent.")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class AttendanceRecordForm(KernForm):
    """Who came to an event, ticked afterwards on the list of the associations' people.

    `groups` is [(organisation, [person, …]), …]; each box stands for one person of one
    association, so a person in two associations is recorded for the one ticked."""

    attendees = forms.MultipleChoiceField(
        label=_("People who came"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please tick the people who came.")},
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {
            attendee_key(organisation, person): (organisation, person)
            for organisation, people in groups
            for person in people
        }
        self.fields["attendees"].choices = [
            (key, person.full_name) for key, (_org, person) in self.pairs.items()
        ]

    def attendee_pairs(self) -> list[tuple[Organisation, Person]]:
        return [self.pairs[key] for key in self.cleaned_data["attendees"]]


class EnrolForm(KernForm):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Associations that enrol"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose the associations that enrol.")},
    )
    enrolled_on = forms.DateField(
        label=_("Enrolled on"),
        widget=_date_input(),
        help_text=_("The day they enrolled: the day of the kick-off or later."),
        error_messages={"required": _("Please enter the day of the enrolment.")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        kwargs.setdefault("initial", {"enrolled_on": timezone.localdate()})
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

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)s. An attendance list is much smaller.")
                    % {"size": filesizeformat(MAX_BYTES)}
                )
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


#: The languages an event's title and description are translated into (German is the source).
TRANSLATED_LANGUAGES = (
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
)
_DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class DateTimeLocalField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_INPUT)
    input_formats = [_DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class TranslatedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return translated(obj, "name")


class EventValues(TypedDict):
    """What the event form sets, in the shape `event_create` and `event_update` take."""

    kind: str
    title: str
    title_i18n: dict[str, str]
    description: str
    description_i18n: dict[str, str]
    start: datetime
    end: datetime
    location: Location | None
    capacity: int | None
    seats_per_association: int | None
    registration_opens: datetime | None
    registration_closes: datetime | None
    offer_hours: int
    audience: str
    languages: Iterable[Language]
    fields: Iterable[Field]
    associations: Iterable[Organisation]
    new_location: LocationInput | None


class EventForm(KernForm):
    """Everything staff set on an event. It only parses; the rules are in the services."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.all(), label=_("Programme"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title (German)"), max_length=200)
    description = forms.CharField(
        label=_("Description (German)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start = DateTimeLocalField(label=_("Start"))
    end = DateTimeLocalField(label=_("End"))
    location = forms.ModelChoiceField(
        queryset=Location.objects.all(),
        label=_("Existing venue"),
        required=False,
        help_text=_("Or leave this empty and enter a new venue below."),
    )
    location_name = forms.CharField(
        label=_("Name of the new venue"), max_length=200, required=False
    )
    location_street = forms.CharField(label=_("Street and number"), max_length=120, required=False)
    location_postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    location_city = forms.CharField(label=_("City"), max_length=80, required=False)
    location_accessibility = forms.CharField(
        label=_("Accessibility"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Step-free access, lift, accessible toilet, induction loop, …"),
    )
    capacity = forms.IntegerField(
        label=_("Capacity (persons)"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    seats_per_association = forms.IntegerField(
        label=_("Seats per association"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Empty: no cap."),
    )
    registration_opens = DateTimeLocalField(label=_("Registration opens"), required=False)
    registration_closes = DateTimeLocalField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Empty: open until the event starts."),
    )
    offer_hours = forms.IntegerField(
        label=_("Offer valid for (hours)"),
        min_value=1,
        max_value=720,
        initial=48,
        help_text=_("How long a freed seat is held for the next association on the waiting list."),
    )
    languages = TranslatedChoiceField(
        queryset=Language.objects.all(),
        label=_("Languages offered"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"filterable": True}),
    )
    fields_served = TranslatedChoiceField(
        queryset=Field.objects.none(),
        label=_("Fields served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        initial=Audience.ENROLLED,
        widget=forms.RadioSelect,
    )
    associations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Associations to invite"),
        required=False,
        # Sixty-nine associations: a search field and a scrolling list (web/choice-filter.js).
        widget=forms.CheckboxSelectMultiple(attrs={"filterable": True}),
        help_text=_(
            "They are invited by e-mail when you save; for the audience “Chosen associations” "
            "only they can register."
        ),
    )

    def __init__(self, *args, event=None, invitable=None, programme=None, **kwargs):
        self.event = event
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(event)
        super().__init__(*args, **kwargs)
        for code, language in TRANSLATED_LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": language},
                max_length=200,
                required=False,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": language},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            lang_attrs = {"lang": code, "dir": "rtl" if code == "ar" else "ltr"}
            self.fields[f"title_{code}"].widget.attrs.update(lang_attrs)
            self.fields[f"description_{code}"].widget.attrs.update(lang_attrs)
            # the generic field classes are only added by KernFormMixin.__init__, which ran
            self.fields[f"title_{code}"].widget.attrs["class"] = "kern-form-input__input"
            self.fields[f"description_{code}"].widget.attrs["class"] = "kern-form-input__input"
        self.fields["associations"].queryset = (
            invitable if invitable is not None else (Organisation.objects.none())
        )
        if event is not None:
            del self.fields["programme"]
            programme = event.programme
        elif programme is not None:
            self.fields["programme"].initial = programme.pk
        served = Field.objects.all()
        if programme is not None:
            served = served.filter(programme=programme)
        self.fields["fields_served"].queryset = served.order_by("programme", "position")

    @staticmethod
    def initial_from(event) -> dict:
        initial = {
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "start": event.start,
            "end": event.end,
            "location": event.location_id,
            "capacity": event.capacity,
            "seats_per_association": event.seats_per_association,
            "registration_opens": event.registration_opens,
            "registration_closes": event.registration_closes,
            "offer_hours": event.offer_hours,
            "languages": list(event.languages.values_list("pk", flat=True)),
            "fields_served": list(event.fields.values_list("pk", flat=True)),
            "audience": event.audience,
        }
        for code, _language in TRANSLATED_LANGUAGES:
            initial[f"title_{code}"] = (event.title_i18n or {}).get(code, "")
            initial[f"description_{code}"] = (event.description_i18n or {}).get(code, "")
        return initial

    def event_values(self) -> EventValues:
        """The cleaned data in the shape `event_create`/`event_update` take (the programme,
        fixed once the event exists, is the create form's own field)."""
        data = self.cleaned_data
        translations = {
            name: {
                code: data[f"{name}_{code}"].strip()
                for code, _language in TRANSLATED_LANGUAGES
                if data[f"{name}_{code}"].strip()
            }
            for name in ("title", "description")
        }
        venue = {key: data[f"location_{key}"] for key in LOCATION_FIELDS}
        new_location = None
        if any(value.strip() for value in venue.values()):
            if not venue["city"].strip():
                venue["city"] = "Wuppertal"
            new_location = LocationInput(**venue)
        return EventValues(
            kind=data["kind"],
            title=data["title"],
            title_i18n=translations["title"],
            description=data["description"],
            description_i18n=translations["description"],
            start=data["start"],
            end=data["end"],
            location=data["location"],
            capacity=data["capacity"],
            seats_per_association=data["seats_per_association"],
            registration_opens=data["registration_opens"],
            registration_closes=data["registration_closes"],
            offer_hours=data["offer_hours"],
            audience=data["audience"],
            languages=data["languages"],
            fields=data["fields_served"],
            associations=data["associations"],
            new_location=new_location,
        )

    def add_service_errors(self, exc) -> None:
        """Put the service's errors next to the fields they concern, the rest on top."""
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                key = {"fields": "fields_served"}.get(key, key)
                field = key if key in self.fields else None
                for message in messages:
                    self.add_error(field, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class EventCancelForm(KernForm):
    note = forms.CharField(
        label=_("Reason (sent to everyone registered)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
