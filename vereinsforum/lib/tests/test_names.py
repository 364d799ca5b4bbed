"""Names in running text: isolated for bidirectional text, and no doubled full stop after a
name that ends in one (lib/names.py)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from vereinsforum.lib.names import FSI, PDI, isolate, sentence, single_full_stops
from vereinsforum.testing import factories


def test_a_name_is_isolated_from_the_text_around_it():
    assert isolate("Anadolu e.V.") == f"{FSI}Anadolu e.V.{PDI}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Max is not a member of Anadolu e.V..", "Max is not a member of Anadolu e.V."),
        (f"… of {FSI}Anadolu e.V.{PDI}.", f"… of {FSI}Anadolu e.V.{PDI}"),
        ("… of <bdi>Anadolu e.V.</bdi>.", "… of <bdi>Anadolu e.V.</bdi>"),
        ("Anadolu e.V.. Next sentence.", "Anadolu e.V. Next sentence."),
    ],
)
def test_a_sentence_ending_in_a_name_with_a_full_stop_ends_in_one(text, expected):
    assert single_full_stops(text) == expected


@pytest.mark.parametrize(
    "text", ["Wait...", "Anadolu e.V. is invited.", "Centro Italiano is invited.", ".", "a."]
)
def test_other_full_stops_and_ellipses_stay(text):
    assert single_full_stops(text) == text


@pytest.mark.django_db
def test_sentence_isolates_model_instances_and_drops_the_second_full_stop():
    org = factories.OrganisationFactory(name="Anadolu e.V.")
    text = sentence("%(n)s seats for %(org)s.", n=3, org=org)
    assert text == f"3 seats for {FSI}Anadolu e.V.{PDI}"
    # Plain strings (labels, dates) are not names and stay as they are.
    assert sentence("%(step)s: %(org)s is enrolled.", step="Aufnahme", org=org) == (
        f"Aufnahme: {FSI}Anadolu e.V.{PDI} is enrolled."
    )


def test_template_filters_isolate_and_keep_escaping():
    html = Template(
        "{% load vf %}{{ name|bdi }}|{{ message|single_full_stops }}|{{ evil|single_full_stops }}"
    ).render(
        Context(
            {
                "name": "<b>Anadolu</b> e.V.",
                "message": "Welcome to Anadolu e.V..",
                "evil": "<script>x</script>..",
            }
        )
    )
    assert html == (
        "<bdi>&lt;b&gt;Anadolu&lt;/b&gt; e.V.</bdi>|Welcome to Anadolu e.V.|"
        "&lt;script&gt;x&lt;/script&gt;."
    )
