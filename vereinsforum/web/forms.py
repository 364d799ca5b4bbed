from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm


class AccessibilityFeedbackForm(KernForm):
    page_url = forms.CharField(
        label=_("Which page is it about?"),
        max_length=500,
        required=False,
        help_text=_("The address or the title of the page."),
    )
    message = forms.CharField(
        label=_("What does not work for you?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address, if you would like an answer"), required=False
    )
