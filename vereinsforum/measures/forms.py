"""The measures' forms: what a measure is, its next status, its events, and the measures of a
forum resolution (a formset, one row per measure, rows after the first optional)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import OptionSource, Poll
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.services import INITIAL
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.programmes.models import Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FieldsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class _MeasureFields(KernForm):
    """What every measure form asks: what it is, what it serves, who runs it, its targets.

    The fields served are added in `__init__`: a form field named "fields" declared on the
    class would shadow the form's own `fields` for the type checker.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.TypedChoiceField(label=_("Kind"), choices=MeasureKind.choices, coerce=MeasureKind)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    target_participants = forms.IntegerField(
        label=_("Target: participants"), required=False, min_value=0, max_value=100000
    )
    target_associations = forms.IntegerField(
        label=_("Target: associations reached"), required=False, min_value=0, max_value=100000
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"] = FieldsField(
            label=_("Fields served"), queryset=programme.fields.order_by("position")
        )
        # Where the declaration would have put it: after the title and the kind.
        self.order_fields(["title", "kind", "fields"])
        organisations = cast(forms.ModelChoiceField, self.fields["responsible_organisation"])
        organisations.queryset = Organisation.objects.order_by("name")


class MeasureForm(_MeasureFields):
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Someone with a current role in the responsible organisation."),
    )
    start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, programme: Programme, measure: Measure | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        org = measure.responsible_organisation if measure else programme.lead_department
        people = Person.objects.affiliated_with(org) if org is not None else Person.objects.none()
        if measure is not None and measure.responsible_person_id:
            people = people | Person.objects.filter(pk=measure.responsible_person_id)
        person = cast(forms.ModelChoiceField, self.fields["responsible_person"])
        person.queryset = people.order_by("last_name", "first_name")
        if measure is None:
            self.fields["status"] = forms.TypedChoiceField(
                label=_("Status"),
                choices=[(s.value, s.label) for s in MeasureStatus if s in INITIAL],
                coerce=MeasureStatus,
                initial=MeasureStatus.IDEA,
            )
            self.fields["on"] = forms.DateField(
                label=_("Since"),
                widget=DateInput(),
                initial=timezone.localdate,
                help_text=_("May lie in the past, when you record the programme's history."),
            )
        else:
            polls = Poll.objects.filter(
                body__programme=programme,
                option_source=OptionSource.FIELDS,
                counted_at__isnull=False,
            ).order_by("-counted_at")
            self.fields["poll"] = forms.ModelChoiceField(
                label=_("Prioritisation poll"),
                queryset=polls,
                required=False,
                help_text=_("The counted poll over the fields whose weights rank this measure."),
            )
            self.fields["feedback"] = forms.CharField(
                label=_("Feedback"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("What the participants and associations said about the measure."),
            )


class StatusChangeForm(KernForm):
    status = forms.TypedChoiceField(label=_("New status"), coerce=MeasureStatus)
    on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("May lie in the past, but not before the previous step."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast(forms.TypedChoiceField, self.fields["status"])
        status.choices = [(s.value, s.label) for s in measure.next_statuses()]


class EventsForm(KernForm):
    events = forms.ModelMultipleChoiceField(
        label=_("Events of this measure"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = (
            Event.objects.filter(programme=programme)
            .exclude(kind__in=[EventKind.FORUM_SESSION, EventKind.KICK_OFF])
            .order_by("start")
        )


class DraftForm(_MeasureFields):
    """One measure of a resolution. Rows after the first may stay empty."""

    kind = forms.TypedChoiceField(
        label=_("Kind"), choices=[("", "–"), *MeasureKind.choices], coerce=MeasureKind
    )


class BaseDraftFormSet(forms.BaseFormSet):
    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "programme": self.programme}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            programme=self.programme,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


# formset_factory's stub returns the base class; this one is a BaseDraftFormSet (programme=).
DraftFormSet = cast(
    type[BaseDraftFormSet],
    forms.formset_factory(
        DraftForm, formset=BaseDraftFormSet, extra=2, min_num=1, validate_min=True, max_num=10
    ),
)
