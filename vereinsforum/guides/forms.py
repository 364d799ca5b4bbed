"""Forms of the guides: a guide, a section, a review comment, a translation, the library's
search. They parse; the workflow's rules are in guides/services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinsforum.guides.models import GuideLanguage, Visibility
from vereinsforum.lib.kern_forms import KernForm, model_choice
from vereinsforum.measures.models import Measure
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.workinggroups.models import WorkingGroup


class GuideForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences for the library and the notification e-mail."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it once published"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    # A form field named "fields": the form's metaclass moves it into base_fields, so the
    # instance's `fields` stays the dict of fields that BaseForm declares.
    fields = forms.ModelMultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields"),
        queryset=Field.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measure = forms.ModelChoiceField(
        label=_("Measure"), queryset=Measure.objects.none(), required=False
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group that writes it"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("The representatives of its member associations can write and submit it."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "fields").queryset = programme.fields.all()
        model_choice(self, "measure").queryset = Measure.objects.filter(programme=programme)
        model_choice(self, "working_group").queryset = WorkingGroup.objects.filter(
            programme=programme
        )


class SectionForm(KernForm):
    title = forms.CharField(label=_("Section title"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "guide-markdown"}),
        help_text=_(
            "Markdown: a blank line starts a paragraph, “- ” a list item, “## ” a subheading, "
            "**bold**, [link text](https://…). HTML is removed."
        ),
    )
    note = forms.CharField(label=_("What changed (optional)"), max_length=200, required=False)


class CommentForm(KernForm):
    text = forms.CharField(
        label=_("Review comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class TranslationForm(KernForm):
    title = forms.CharField(label=_("Section title"), max_length=200)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 16}))


class LibrarySearchForm(KernForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language"))] + list(GuideLanguage.choices),
    )

    def __init__(self, *args, programme: Programme | None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            model_choice(self, "field").queryset = programme.fields.all()
