"""The programmes' forms: recording a participation step (on an organisation's page), adding
or ending a member of the project team, and choosing an interviewer's associations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.programmes.models import Step, TeamRole

#: The steps a coordinator records by hand. Attending the kick-off is not among them: it
#: comes from the check-in at the kick-off event (events app), where attendance is kept.
MANUAL_STEPS = (Step.INVITED, Step.ENROLLED, Step.WITHDRAWN)


class ParticipationStepForm(KernForm):
    #: The organisation page shows this form beside others; the prefix keeps ids unique.
    PREFIX = "step"

    step = forms.ChoiceField(
        label=_("Step"),
        choices=[("", _("Choose a step")), *((s.value, s.label) for s in MANUAL_STEPS)],
        error_messages={"required": _("Please choose the step to record.")},
    )
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Please enter the date of the step.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


# ---- project team and interviewer assignments ----------------------------------------------


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # Names repeat; the address tells two people of the same name apart.
        return f"{obj.full_name} ({obj.email})" if obj.email else obj.full_name


class _OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TeamMemberForm(KernForm):
    person = _PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        empty_label=_("Choose a person"),
        help_text=_("Not in the list? Add the person first (People → New person)."),
        error_messages={"required": _("Please choose the person.")},
    )
    organisation = _OrganisationChoiceField(
        label=_("Represents"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Please choose the organisation the person represents.")},
    )
    role = forms.ChoiceField(
        label=_("Role in the team"),
        choices=[("", _("Choose a role")), *TeamRole.choices],
        error_messages={"required": _("Please choose the role in the team.")},
    )
    since = forms.DateField(
        label=_("In the team since"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date the membership began.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.active()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class TeamMemberEndForm(KernForm):
    until = forms.DateField(
        label=_("Membership ended on"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date the membership ended.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"until": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AssociationsForm(KernForm):
    """Associations to assign, out of the ones a search found (the page offers no more)."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("Associations to assign"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one association to assign.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = choices
