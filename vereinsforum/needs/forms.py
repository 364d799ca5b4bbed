"""Forms of the needs analysis. The capture forms take their wording from the instrument
version of the wave, so an interview is always shown with the questions it was asked with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm, KernModelForm
from vereinsforum.lib.translated import translated
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral
from vereinsforum.needs.models import InstrumentVersion, Interview, Premises, Wave
from vereinsforum.organisations.models import Language
from vereinsforum.programmes.models import Field

YES_NO = [("True", _("Yes")), ("False", _("No")), ("", _("Not known"))]


class VersionCreateForm(KernForm):
    note = forms.CharField(label=_("What will change?"), max_length=300, required=False)


class ItemForm(KernForm):
    text = forms.CharField(label=_("Question (German)"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    text_tr = forms.CharField(label=_("Question (Turkish)"), max_length=300, required=False)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=300, required=False)
    text_ar = forms.CharField(label=_("Question (Arabic)"), max_length=300, required=False)

    def __init__(self, *args: Any, item, **kwargs: Any):
        initial = {"text": item.text}
        for lang in ("en", "tr", "ru", "ar"):
            initial[f"text_{lang}"] = (item.text_i18n or {}).get(lang, "")
        for level, label in enumerate(item.anchors or [], start=1):
            initial[f"anchor_{level}"] = label
        super().__init__(*args, initial=initial, prefix=f"item{item.pk}", **kwargs)
        if item.anchors:
            for level in range(1, 6):
                self.fields[f"anchor_{level}"] = forms.CharField(
                    label=_("Label of level %(level)s (German)") % {"level": level}, max_length=80
                )
                self.fields[f"anchor_{level}"].widget.attrs["class"] = "kern-form-input__input"

    def anchors(self) -> list[str] | None:
        if "anchor_1" not in self.fields:
            return None
        return [self.cleaned_data[f"anchor_{level}"] for level in range(1, 6)]

    def text_i18n(self) -> dict:
        return {lang: self.cleaned_data[f"text_{lang}"] for lang in ("en", "tr", "ru", "ar")}


class FieldsForm(KernForm):
    fields_ = forms.ModelMultipleChoiceField(
        label=_("Fields asked about"),
        queryset=Field.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any):
        super().__init__(*args, initial={"fields_": list(version.fields.all())}, **kwargs)
        fields_ = cast(forms.ModelMultipleChoiceField, self.fields["fields_"])
        fields_.queryset = version.programme.fields.order_by("position")


class WaveForm(KernForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("e.g. Baseline 2007 or Follow-up 2008")
    )
    period_start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument version"), queryset=InstrumentVersion.objects.none()
    )

    def __init__(self, *args: Any, programme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        instrument = cast(forms.ModelChoiceField, self.fields["instrument"])
        instrument.queryset = programme.instrument_versions.published()


class WaveSettingsForm(KernModelForm):
    class Meta:
        model = Wave
        fields = [
            "cluster_k",
            "multiplier_min_competence",
            "multiplier_max_need",
            "multiplier_requires_willing",
        ]
        widgets = {
            "cluster_k": forms.NumberInput(attrs={"min": 2, "max": 6}),
            "multiplier_min_competence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "multiplier_max_need": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }


class ReturnForm(KernForm):
    reason = forms.CharField(label=_("What needs correcting?"), max_length=500)


def _question(items: dict, key: str) -> str:
    item = items.get(key)
    return translated(item, "text") if item else ""


def _scale(item) -> list[tuple[int, str]]:
    labels = item.anchor_labels() if item else []
    return [
        (level, f"{level} – {label}" if label else str(level))
        for level, label in zip(range(1, 6), labels or [""] * 5, strict=False)
    ]


class GeneralForm(KernForm):
    """The items asked once per interview. Nothing is required while it is a draft."""

    conducted_on = forms.DateField(
        label=_("Date of the interview"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    members = forms.IntegerField(label=_("Members"), min_value=0, required=False)
    volunteers = forms.IntegerField(label=_("Volunteers"), min_value=0, required=False)
    premises = forms.ChoiceField(
        label=_("Premises"), required=False, choices=[("", _("Not known")), *Premises.choices]
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    has_website = forms.NullBooleanField(
        label=_("Website"), required=False, widget=forms.RadioSelect(choices=YES_NO)
    )
    has_flyer = forms.NullBooleanField(
        label=_("Flyer"), required=False, widget=forms.RadioSelect(choices=YES_NO)
    )

    def __init__(self, *args: Any, interview: Interview, items: dict, **kwargs: Any):
        initial = {
            "conducted_on": interview.conducted_on,
            "members": interview.members,
            "volunteers": interview.volunteers,
            "premises": interview.premises,
            "languages": list(interview.languages.all()),
            "has_website": "" if interview.has_website is None else str(interview.has_website),
            "has_flyer": "" if interview.has_flyer is None else str(interview.has_flyer),
        }
        super().__init__(*args, initial=initial, **kwargs)
        for name, key in (
            ("members", "members"),
            ("volunteers", "volunteers"),
            ("premises", "premises"),
            ("languages", "languages"),
            ("has_website", "website"),
            ("has_flyer", "flyer"),
        ):
            question = _question(items, key)
            if question:
                self.fields[name].help_text = question
        if interview.mode != "interview":
            del self.fields["conducted_on"]


class AnswerForm(KernForm):
    """One field's items; the prefix f<field id> keeps the inputs of the fields apart."""

    competence = forms.TypedChoiceField(
        label=_("Competence"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    need = forms.TypedChoiceField(
        label=_("Need intensity"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    willing = forms.BooleanField(label=_("Willing to pass on its competence"), required=False)
    capacity = forms.IntegerField(
        label=_("Associations it could support"), min_value=0, max_value=999, required=False
    )
    comment = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, answer, items: dict, **kwargs: Any):
        initial = {
            name: getattr(answer, name)
            for name in ("competence", "need", "willing", "capacity", "comment")
        }
        super().__init__(*args, initial=initial, prefix=f"f{answer.field_id}", **kwargs)
        self.answer = answer
        cast(forms.ChoiceField, self.fields["competence"]).choices = _scale(items.get("competence"))
        cast(forms.ChoiceField, self.fields["need"]).choices = _scale(items.get("need"))
        for name, key in (
            ("competence", "competence"),
            ("need", "need"),
            ("willing", "willing"),
            ("capacity", "capacity"),
            ("comment", "comment"),
        ):
            question = _question(items, key)
            if question:
                self.fields[name].help_text = question


def valid_values(form: forms.Form) -> dict[str, Any]:
    """The values of a (possibly invalid) bound form that did pass validation."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def capture_forms(interview: Interview, data=None) -> tuple[GeneralForm, list[AnswerForm]]:
    items = interview.wave.instrument.items_by_key()
    general = GeneralForm(data, interview=interview, items=items)
    answers = [
        AnswerForm(data, answer=answer, items=items)
        for answer in interview.answers.select_related("field").order_by("field__position")
    ]
    return general, answers


@dataclass(frozen=True)
class Capture:
    """The arguments for `interview_save` that bound capture forms give."""

    general: InterviewGeneral
    languages: list[Language] | None
    answers: dict[int, AnswerValues]


def parse_capture(general: GeneralForm, answers: list[AnswerForm]) -> Capture:
    """What `interview_save` gets from bound capture forms: only what is valid."""
    values = valid_values(general)
    languages = values.pop("languages", None)
    return Capture(
        general=InterviewGeneral.from_values(values),
        languages=list(languages) if languages is not None else None,
        answers={
            form.answer.field_id: AnswerValues.from_values(valid_values(form)) for form in answers
        },
    )
