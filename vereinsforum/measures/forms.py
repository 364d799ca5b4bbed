from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import OptionSource, Poll
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.services import INITIAL
from vereinsforum.organisations.models import Organisation, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FieldsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class _MeasureFields(KernForm):
    """What every measure form asks: what it is, what it serves, who runs it, its targets."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    fields = FieldsField(label=_("Fields served"), queryset=None)
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

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = programme.fields.order_by("position")
        self.fields["responsible_organisation"].queryset = Organisation.objects.order_by("name")


class MeasureForm(_MeasureFields):
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Someone with a current role in the responsible organisation."),
    )
    start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())

    def __init__(self, *args, programme, measure: Measure | None = None, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        org = measure.responsible_organisation if measure else programme.lead_department
        people = Person.objects.affiliated_with(org) if org is not None else Person.objects.none()
        if measure is not None and measure.responsible_person_id:
            people = people | Person.objects.filter(pk=measure.responsible_person_id)
        self.fields["responsible_person"].queryset = people.order_by("last_name", "first_name")
        if measure is None:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[(s.value, s.label) for s in MeasureStatus if s in INITIAL],
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
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("May lie in the past, but not before the previous step."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, MeasureStatus(s).label) for s in measure.next_statuses()
        ]


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

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "–"), *MeasureKind.choices])


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


DraftFormSet = forms.formset_factory(
    DraftForm, formset=BaseDraftFormSet, extra=2, min_num=1, validate_min=True, max_num=10
)
