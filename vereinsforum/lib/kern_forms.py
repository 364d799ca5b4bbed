"""Forms rendered in KERN UX: every app's forms inherit `KernFormMixin`.

It adds the KERN classes to the widgets and points Django's form renderer at our
field template, which ties label, hint and error to the input (aria-describedby,
aria-invalid), so each form is accessible without per-template work.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates


class KernFormRenderer(DjangoTemplates):
    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"


_CHECK = (forms.CheckboxInput,)
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class KernFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, _CHOICE_LISTS):
                continue
            if isinstance(widget, _CHECK):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            if self.errors.get(name) if self.is_bound else False:
                css += f" {css}--error"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
