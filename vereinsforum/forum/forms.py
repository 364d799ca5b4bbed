"""Forms of the forum. They only parse input; the services decide."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vereinsforum.events.models import Event
from vereinsforum.forum.models import (
    AgendaItem,
    ForumBody,
    ItemResult,
    OptionSource,
    Poll,
    PollMethod,
    ResolutionKind,
)
from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.lib.translated import translated
from vereinsforum.lib.translation_inputs import add_translation_inputs
from vereinsforum.organisations.models import Affiliation, Organisation, Person


class BodyForm(KernModelForm):
    class Meta:
        model = ForumBody
        fields = ["name", "quorum_percent", "secret_ballots", "rules"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 6})}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        orgs = ", ".join(sorted({a.organisation.name for a in obj.affiliations.all()}))
        return f"{obj.full_name} ({orgs})" if orgs else obj.full_name


def _association_people():
    return (
        Person.objects.active()
        .affiliated_with(Organisation.objects.associations())
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.current().select_related("organisation"),
            )
        )
        .order_by("last_name", "first_name")
    )


class MembershipForm(KernForm):
    organisation = forms.ModelChoiceField(
        label=_("Association"), queryset=Organisation.objects.associations().order_by("name")
    )
    start = forms.DateField(label=_("Member since"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Member until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while the membership runs."),
    )
    # The people of all associations; __init__ narrows them to the one being edited.
    delegate = PersonChoiceField(label=_("Delegate"), queryset=_association_people())
    deputy = PersonChoiceField(label=_("Deputy"), queryset=_association_people(), required=False)

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        people = _association_people()
        if organisation is not None:
            # Editing: the association is fixed, and so is the circle of its people.
            del self.fields["organisation"]
            people = people.affiliated_with(organisation)
        cast(forms.ModelChoiceField, self.fields["delegate"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["deputy"]).queryset = people

    def clean(self):
        data = super().clean()
        if data.get("deputy") and data.get("deputy") == data.get("delegate"):
            self.add_error("deputy", _("The deputy must be another person than the delegate."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The membership cannot end before it starts."))
        return data


class AgendaItemAddForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgendaItemForm(KernModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "result", "resolution_kind", "resolution"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = ItemResult.choices
        self.fields["resolution_kind"].choices = ResolutionKind.choices


class MinutesForm(KernForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Rich text as HTML: paragraphs, headings, lists, bold, italic, links and tables. "
            "Anything else is removed when saving."
        ),
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class SessionEventField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        day = date_format(timezone.localtime(obj.start), "SHORT_DATE_FORMAT")
        return f"{day} – {translated(obj, 'title')}"


class PollForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Question and instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    method = forms.ChoiceField(label=_("Method"), choices=PollMethod.choices)
    option_source = forms.ChoiceField(
        label=_("Options"),
        choices=[
            (OptionSource.FIELDS, OptionSource.FIELDS.label),
            (OptionSource.MEASURES, OptionSource.MEASURES.label),
            (OptionSource.FREE, OptionSource.FREE.label),
        ],
        initial=OptionSource.FIELDS,
        help_text=_("Measures: the programme's planned measures become the options."),
    )
    free_options = forms.CharField(
        label=_("Free options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option per line; only used with free options."),
    )
    points_per_ballot = forms.IntegerField(
        label=_("Points per ballot"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Dot voting only."),
    )
    max_points_per_option = forms.IntegerField(
        label=_("Maximum points per option"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Dot voting only."),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes"), widget=DateTimeLocalInput())
    secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    changeable = forms.BooleanField(
        label=_("Ballots may be changed until the poll closes (the last one counts)"),
        required=False,
    )
    # The session's event, not the forum's record of it: a session gets its record with its
    # first agenda item, and a poll may come first.
    session = SessionEventField(label=_("Session"), queryset=Event.objects.none(), required=False)

    def __init__(self, *args, body: ForumBody, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = Event.objects.forum_sessions(body.programme)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions
        self.fields["secret"].initial = body.secret_ballots
        self.translation_names = [
            *add_translation_inputs(self, "title", label=_("Title"), max_length=200),
            *add_translation_inputs(
                self, "description", label=_("Question and instructions"), multiline=True
            ),
        ]

    def main_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.translation_names]

    def translation_fields(self) -> list:
        return [self[name] for name in self.translation_names]

    def clean(self):
        data = super().clean()
        if data.get("method") == PollMethod.DOTS:
            for name in ("points_per_ballot", "max_points_per_option"):
                if not data.get(name):
                    self.add_error(name, _("Dot voting needs this number."))
            points, cap = data.get("points_per_ballot"), data.get("max_points_per_option")
            if points and cap and cap > points:
                self.add_error(
                    "max_points_per_option",
                    _("The maximum per option cannot exceed the points per ballot."),
                )
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The poll must close after it opens."))
        if data.get("option_source") == OptionSource.FREE:
            lines = [line.strip() for line in data.get("free_options", "").splitlines()]
            data["free_list"] = [line for line in lines if line]
            if len(data["free_list"]) < 2:
                self.add_error("free_options", _("Enter at least two options, one per line."))
        return data


class BallotForm(KernForm):
    """One field per option: a place (ranked), points (dots) or a tick (approval)."""

    def __init__(self, *args, poll: Poll, options, with_change_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        n = len(options)
        for option in options:
            name = f"option_{option.pk}"
            label = str(option)
            if poll.is_ranked:
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", _("not ranked"))]
                    + [(i, _("Place %(n)s") % {"n": i}) for i in range(1, n + 1)],
                )
            elif poll.method == PollMethod.DOTS:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=poll.max_points_per_option,
                    initial=0,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            else:
                self.fields[name] = forms.BooleanField(label=label, required=False)
        if with_change_code:
            self.fields["change_code"] = forms.CharField(
                label=_("Change code"),
                required=False,
                max_length=40,
                help_text=_("Only needed to change a ballot already cast: the code shown then."),
            )

    def raw_choices(self) -> dict[str, object]:
        return {
            name.removeprefix("option_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        }


class PaperBallotForm(BallotForm):
    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Association"), queryset=organisations
        )
        self.order_fields(["organisation"])


def default_poll_window():
    start = timezone.localtime().replace(second=0, microsecond=0)
    return start, start + timedelta(hours=1)
