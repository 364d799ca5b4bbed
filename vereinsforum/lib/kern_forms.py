"""Forms rendered in KERN UX: every app's forms inherit `KernFormMixin`.

It adds the KERN classes to the widgets and points Django's form renderer at our
field template, which ties label, hint and error to the input (aria-describedby,
aria-invalid), so each form is accessible without per-template work. It also refuses
control characters in every text field, which would otherwise break the documents the
text ends up in (python-docx and openpyxl raise on them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import pretty_name
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.text import code_points, control_characters

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


SELECT_TEMPLATE = "django/forms/widgets/select.html"
#: The option templates whose markup `_select_html` writes out (ours adds dir="auto").
OPTION_TEMPLATES = {
    "web/forms/select_option.html": ' dir="auto"',
    "django/forms/widgets/select_option.html": "",
}


class KernFormRenderer(DjangoTemplates):
    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"

    def render(self, template_name, context, request=None):
        # A select renders each option through an included template: a list filter with the
        # 130 districts and 18 languages of a state cost 37 ms a page. The same markup, written
        # out here, costs a tenth of a millisecond per hundred options.
        if template_name == SELECT_TEMPLATE:
            html = _select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


def _attrs_html(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False leaves out, True writes the bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select_html(widget: dict) -> str | None:
    """django/forms/widgets/select.html with the options inline, character for character;
    None where an option has a template of its own (then the templates render it)."""
    parts = [f'<select name="{escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            extra = OPTION_TEMPLATES.get(option["template_name"])
            if extra is None:
                return None
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{_attrs_html(option['attrs'])}{extra}>{escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_CHECK = (forms.CheckboxInput,)
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class KernBoundField(BoundField):
    """Adds the KERN error modifier at render time, once the form has been validated."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.Select | forms.SelectMultiple):
            # Each option finds its own direction: a Latin name in an Arabic page would
            # otherwise be drawn as ".Anadolu e.V" (lib/names.py). Here rather than in the
            # form's __init__, so fields added later get it too.
            widget.option_template_name = "web/forms/select_option.html"
        css = widget.attrs.get("class", "")
        if self.form.is_bound and self.errors and css and not isinstance(widget, _CHOICE_LISTS):
            base = css.split()[-1]
            attrs["class"] = f"{attrs.get('class', css)} {base}--error"
        return attrs


class ControlCharacterValidator:
    """Refuses C0 control characters and DEL; multi-line text keeps tab and line breaks."""

    message = _(
        "“%(field)s” contains invisible control characters (%(characters)s); "
        "please delete them or type the text again."
    )
    code = "control_characters"

    def __init__(self, *, label: StrOrPromise, multiline: bool):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):  # JSONField, UUIDField: parsed before validation
            return
        found = control_characters(value, multiline=self.multiline)
        if found:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"field": self.label, "characters": code_points(found)},
            )


def _refuse_control_characters(name: str, field: forms.Field) -> None:
    if not isinstance(field, forms.CharField) or field.disabled:
        return
    # A password is never shown or exported, and refusing a character in it would lock its
    # owner out.
    if isinstance(field.widget, forms.PasswordInput):
        return
    if any(isinstance(v, ControlCharacterValidator) for v in field.validators):
        return
    # Hidden fields carry text back that the server sent, e.g. a whole attendance list.
    multiline = isinstance(field.widget, forms.Textarea | forms.HiddenInput)
    field.validators.append(
        ControlCharacterValidator(label=field.label or pretty_name(name), multiline=multiline)
    )


class KernFormMixin:
    # Django 5.2: every bound field of these forms is a KernBoundField.
    bound_field_class: type[BoundField] | None = KernBoundField
    #: Filter and search forms, where every field is optional, set this to drop the
    #: "optional" marker that would otherwise follow every label.
    hide_optional = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only static classes here: touching self.errors now would validate the form before a
        # subclass narrows its choices in its own __init__.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, _CHOICE_LISTS):
                continue
            if isinstance(widget, _CHECK):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        # Here rather than in __init__: subclasses add and swap fields after it.
        for name, field in self.fields.items():
            _refuse_control_characters(name, field)
        super().full_clean()


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the fields the form has, the rest
    on top. (A plain `form.add_error(None, exc)` raises for keys the form does not have.)"""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, a ModelChoiceField (or a multiple one), to narrow its queryset
    in the form's `__init__`: `form.fields[name]` is typed as a plain Field."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name!r} is not a model choice field.")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, a ChoiceField (or a multiple one), to set its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name!r} is not a choice field.")
    return field
