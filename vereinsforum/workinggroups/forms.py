"""Forms of the working groups: they parse; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.forms import DateTimeLocalField
from vereinsforum.events.models import Location
from vereinsforum.events.services.invitations import INVITABLE_KINDS
from vereinsforum.lib.kern_forms import KernForm, model_choice
from vereinsforum.lib.translated import translated
from vereinsforum.measures.models import Measure
from vereinsforum.organisations.models import Affiliation, Person
from vereinsforum.programmes.models import Programme
from vereinsforum.workinggroups.models import TaskStatus, WorkingGroup
from vereinsforum.workinggroups.uploads import MAX_BYTES, allowed_types_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FieldChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return translated(obj, "name")


class GroupForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = forms.CharField(
        label=_("Mandate"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What the forum asked the group to work out."),
    )
    lead = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Lead"), required=False)
    # A form field named "fields": the form's metaclass moves it into base_fields, so the
    # instance's `fields` stays the dict of fields that BaseForm declares.
    fields = FieldChoice(  # type: ignore[assignment]
        queryset=None, label=_("Fields"), required=False, widget=forms.CheckboxSelectMultiple
    )
    measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(), label=_("Measure"), required=False
    )
    formed_on = forms.DateField(label=_("Formed on"), widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "fields").queryset = programme.fields.order_by("position")
        model_choice(self, "measure").queryset = Measure.objects.filter(programme=programme)
        # Anyone who holds a role somewhere today: the lead need not be a member yet.
        model_choice(self, "lead").queryset = Person.objects.active().filter(
            pk__in=Affiliation.objects.current().values("person")
        )


class MemberForm(KernForm):
    affiliation = forms.ModelChoiceField(
        queryset=Affiliation.objects.none(),
        label=_("Person and the association they join for"),
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "affiliation").queryset = (
            Affiliation.objects.current()
            .filter(organisation__kind__in=INVITABLE_KINDS, person__pseudonymised_at__isnull=True)
            .exclude(person__in=group.current_memberships().values("person"))
            .select_related("person", "organisation")
            .order_by("organisation__name", "person__last_name", "pk")
        )


class MeetingForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    start = DateTimeLocalField(label=_("Start"))
    end = DateTimeLocalField(label=_("End"))
    location = forms.ModelChoiceField(
        queryset=Location.objects.all(), label=_("Venue"), required=False
    )
    description = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class TaskForm(KernForm):
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = OwnerChoice(queryset=Person.objects.none(), label=_("Owner"), required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Q(pk__in=group.current_memberships().values("person"))
        if group.lead_id:
            owners |= Q(pk=group.lead_id)
        model_choice(self, "owner").queryset = Person.objects.filter(owners).order_by(
            "last_name", "first_name", "pk"
        )


class StatusForm(KernForm):
    status = forms.TypedChoiceField(
        label=_("Status"), choices=TaskStatus.choices, coerce=TaskStatus
    )


class DocumentForm(KernForm):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("%(types)s, at most %(mb)d MB.") % {
            "types": allowed_types_label(),
            "mb": MAX_BYTES // (1024 * 1024),
        }
