"""The forms of council papers: the paper itself, the day to draft it as of, an attachment."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import Event, EventKind
from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.models import PaperType, Report, ResolutionQuality
from vereinsforum.reports.services import (
    ATTACHMENT_TYPES,
    EDITABLE,
    MAX_ATTACHMENT_BYTES,
    ReportFields,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportForm(KernModelForm):
    class Meta:
        model = Report
        fields = EDITABLE
        widgets = {
            "date": DateInput(),
            "meeting_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "proposal": forms.Textarea(attrs={"rows": 2}),
            "explanation": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {
            "reference": _("The city's scheme: VO/NNNN/YY. The next free number is suggested."),
            "explanation": _(
                "Drafted from the data; edit freely. Blank lines separate paragraphs."
            ),
            "meeting": _("Optional: the committee meeting the paper goes to."),
        }

    def __init__(
        self,
        *args: Any,
        programme: Programme | None = None,
        correction: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("department").queryset = Organisation.objects.filter(
            kind=OrganisationKind.DEPARTMENT
        )
        self._choices("committee").queryset = Organisation.objects.filter(
            kind=OrganisationKind.COMMITTEE
        )
        meetings = Event.objects.filter(kind=EventKind.COMMITTEE)
        if programme is not None:
            meetings = meetings.filter(programme=programme)
        self._choices("meeting").queryset = meetings.order_by("-start")
        if correction:
            # A correction keeps the number the service gave it.
            self.fields["reference"].disabled = True
            self.fields["reference"].help_text = _("A correction keeps its number.")

    def _choices(self, name: str) -> forms.ModelChoiceField:
        # The foreign keys' form fields, made by ModelForm from the model.
        return cast(forms.ModelChoiceField, self.fields[name])

    def report_fields(self) -> ReportFields:
        """The valid form as the services' input."""
        data = self.cleaned_data
        return ReportFields(
            paper_type=PaperType(data["paper_type"]),
            reference=data["reference"],
            title=data["title"],
            date=data["date"],
            division=data["division"],
            department=data["department"],
            officer_name=data["officer_name"],
            officer_phone=data["officer_phone"],
            officer_fax=data["officer_fax"],
            officer_email=data["officer_email"],
            committee=data["committee"],
            meeting=data["meeting"],
            meeting_date=data["meeting_date"],
            resolution_quality=ResolutionQuality(data["resolution_quality"]),
            public=data["public"],
            reason=data["reason"],
            proposal=data["proposal"],
            signatory=data["signatory"],
            explanation=data["explanation"],
        )


class DraftForm(KernForm):
    as_of = forms.DateField(
        label=_("Figures as of"),
        widget=DateInput(),
        help_text=_("The data is read as it stood on this day (usually the paper's date)."),
    )


class AttachmentForm(KernForm):
    title = forms.CharField(label=_("Title of the attachment"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("%(types)s, at most %(mb)d MB.") % {
            "types": ", ".join(sorted(ATTACHMENT_TYPES)).upper(),
            "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }
