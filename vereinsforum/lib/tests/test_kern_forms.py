"""Every form refuses control characters in text, with a message that names the field."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse

import vereinsforum
from vereinsforum.lib import kern_forms
from vereinsforum.lib.kern_forms import KernForm, KernFormMixin

BROKEN = "Anadolu\x0b\x01 e.V."


@pytest.fixture(autouse=True)
def english_messages():
    """The messages are asserted on their English msgids (lib has a German catalogue now)."""
    from django.utils import translation

    with translation.override("en"):
        yield


class _Sample(KernForm):
    title = forms.CharField(label="Title")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    email = forms.EmailField(label="E-mail", required=False)
    secret = forms.CharField(label="Password", required=False, widget=forms.PasswordInput)
    carried = forms.CharField(required=False, widget=forms.HiddenInput)


def _errors(data: dict) -> dict:
    form = _Sample(data)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize("char", [*map(chr, range(0x20)), "\x7f"])
def test_single_line_text_refuses_every_c0_control_and_del(char):
    # CharField strips the ends, so the character sits inside the text.
    assert "title" in _errors({"title": f"Ana{char}dolu"})


def test_multi_line_text_keeps_tab_and_line_breaks_but_refuses_the_rest():
    assert _errors({"title": "x", "notes": "Zeile 1\r\nZeile 2\n\tmit Tab"}) == {}
    errors = _errors({"title": "x", "notes": "Seite 1\x0cSeite 2"})
    assert errors["notes"] == [
        "“Notes” contains invisible control characters (U+000C); "
        "please delete them or type the text again."
    ]


def test_the_message_lists_each_character_once():
    errors = _errors({"title": "A\x0bB\x01C\x0b"})
    assert errors["title"] == [
        "“Title” contains invisible control characters (U+000B, U+0001); "
        "please delete them or type the text again."
    ]


def test_passwords_and_carried_text_are_left_alone():
    # A password is never shown or exported, and refusing a character in it would lock its
    # owner out; hidden fields carry multi-line text back to the server (attendance import).
    assert _errors({"title": "x", "secret": "a\x01b", "carried": "a;b\r\nc;d"}) == {}
    assert "carried" in _errors({"title": "x", "carried": "a\x01b"})


def test_a_field_added_after_init_is_checked_too():
    form = _Sample({"title": "x", "late": "a\x02b"})
    form.fields["late"] = forms.CharField(label="Late")
    assert not form.is_valid() and "late" in form.errors
    # validating again does not stack the check
    form.full_clean()
    assert len(form.errors["late"]) == 1


def test_representative_cannot_save_a_name_with_control_characters(
    client, representative, association
):
    client.force_login(representative)
    url = reverse("organisations:edit", args=[association.pk])
    response = client.post(
        url,
        {"name": BROKEN, "city": "Wuppertal-Barmen", "member_count": "150"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == [
        "“Name” contains invisible control characters (U+000B, U+0001); "
        "please delete them or type the text again."
    ]
    assert set(form.errors) == {"name"}
    content = response.content.decode()
    assert 'value="Wuppertal-Barmen"' in content and 'value="150"' in content
    association.refresh_from_db()
    assert association.name == "Anadolu e.V." and association.member_count is None


def _project_form_classes() -> set[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(vereinsforum.__path__, "vereinsforum."):
        name = module.name
        if any(part in name.split(".") for part in ("tests", "migrations", "testing")):
            continue
        if name in ("vereinsforum.wsgi", "vereinsforum.cli", "vereinsforum.settings"):
            continue
        importlib.import_module(name)
    found: set[type[forms.BaseForm]] = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("vereinsforum.") and ".tests." not in sub.__module__:
                found.add(sub)
    return found


def test_every_form_of_the_project_uses_the_kern_mixin():
    classes = _project_form_classes()
    assert len(classes) > 40  # the walk found the apps' forms, not just a few
    outside = sorted(c.__qualname__ for c in classes if not issubclass(c, KernFormMixin))
    assert outside == []


def test_the_message_is_translated_from_the_lib_catalogue():
    """lib is no app: its catalogue is found through LOCALE_PATHS (it was never extracted)."""
    from django.utils import translation

    with translation.override("de"):
        form = _Sample({"title": "Anadolu\x0b e.V."})
        assert not form.is_valid()
        assert form.errors["title"] == [
            "„Title“ enthält unsichtbare Steuerzeichen (U+000B); bitte löschen Sie sie "
            "oder tippen Sie den Text neu ein."
        ]


class _Choices(KernForm):
    plain = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B"), ("b", '"Zitat"')])
    grouped = forms.ChoiceField(
        choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("1", "Eins"), ("2", "Zwei")], required=False)


def _through_templates(field) -> str:
    """The field's widget rendered by the templates alone (the renderer's fast path off);
    and the fast path is taken for it."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    attrs.setdefault("id", field.auto_id)  # as BoundField.as_widget does
    context = widget.get_context(field.html_name, field.value(), attrs)
    assert kern_forms._select_html(context["widget"]) is not None
    return DjangoTemplates().render(widget.template_name, context)


@pytest.mark.parametrize(
    "data", [{}, {"plain": "b", "grouped": "y", "many": ["1", "2"]}, {"plain": "nope"}]
)
def test_a_select_written_out_equals_the_templates_markup(data):
    form = _Choices(data or None)
    if data:
        form.is_valid()
    for name in ("plain", "grouped", "many"):
        field = form[name]
        fast = str(field.as_widget())
        assert fast == _through_templates(field), name
        assert 'dir="auto"' in fast


def test_an_option_with_a_template_of_its_own_goes_through_the_templates():
    widget = {"name": "n", "attrs": {}, "optgroups": [(None, [{"template_name": "own.html"}], 0)]}
    assert kern_forms._select_html(widget) is None
