from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.programmes.models import Step

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
