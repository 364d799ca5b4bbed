"""Forms of the coordinators' data-protection pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.privacy.models import ENTERED_CHANNELS, Purpose


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _channels():
    return [(c.value, c.label) for c in ENTERED_CHANNELS]


class ConsentForm(KernForm):
    purpose = forms.ChoiceField(
        label=_("Consent to"),
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what the person consented to.")},
    )
    given_on = forms.DateField(
        label=_("Given on"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date the consent was given.")},
    )
    source = forms.ChoiceField(
        label=_("Given by"),
        choices=_channels,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the consent was given.")},
    )
    text = forms.CharField(
        label=_("Text consented to"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("The exact wording on the form or in the e-mail, as the person saw it."),
        error_messages={"required": _("Please enter the exact text the person consented to.")},
    )


class WithdrawForm(KernForm):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"),
        widget=_date_widget(),
        error_messages={"required": _("Please enter the date of the withdrawal.")},
    )
    source = forms.ChoiceField(
        label=_("Withdrawn by"),
        choices=_channels,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the consent was withdrawn.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
