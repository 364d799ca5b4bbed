"""Forms of the tandems: settings, a mentor offer, review, answer, feedback."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.tandems.models import TandemSettings


class SettingsForm(KernModelForm):
    class Meta:
        model = TandemSettings
        fields = (
            "weight_gap",
            "weight_language",
            "weight_district",
            "min_gap",
            "need_threshold",
            "max_distance_km",
            "max_per_mentee",
        )


class OfferForm(KernForm):
    capacity = forms.IntegerField(
        label=_("Associations you will mentor"),
        min_value=0,
        max_value=20,
        help_text=_("0 means: no tandem in this field."),
    )


class ReviewForm(KernForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("discard", _("Discard"))]
    )


class AnswerForm(KernForm):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )


class FeedbackForm(KernForm):
    feedback = forms.CharField(
        label=_("Your feedback on the tandem"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What worked, what did not? Both associations' feedback completes the tandem."),
    )
