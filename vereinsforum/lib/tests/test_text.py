"""Control characters in typed text: which are kept, dropped or refused (lib/text.py)."""

from __future__ import annotations

import pytest

from vereinsforum.lib.text import control_characters, strip_control


def test_multi_line_text_keeps_tab_and_line_breaks():
    assert strip_control("a\tb\r\nc\n", multiline=True) == "a\tb\r\nc\n"


def test_single_line_text_turns_tab_and_line_breaks_into_spaces():
    assert strip_control("Anadolu\r\ne.V.\tWuppertal\n", multiline=False) == (
        "Anadolu e.V. Wuppertal "
    )


@pytest.mark.parametrize("multiline", [True, False])
def test_other_controls_del_and_xml_noncharacters_are_dropped(multiline):
    assert strip_control("Anadolu\x0b\x01 e.V.", multiline=multiline) == "Anadolu e.V."
    assert strip_control("\x00a\x7fb\ufffe\uffffc\x1f", multiline=multiline) == "abc"


def test_text_outside_c0_is_untouched():
    # C1 controls and bidi marks are legal XML and carry meaning in right-to-left text.
    text = "Yılmaz \u200f‏جمعية\u0085 ü € 😀"
    assert strip_control(text, multiline=False) == text


def test_control_characters_are_listed_once_in_order_of_appearance():
    assert control_characters("A\x0bB\x01C\x0b", multiline=True) == ["\x0b", "\x01"]
    assert control_characters("a\tb\nc", multiline=True) == []
    assert control_characters("a\tb\nc", multiline=False) == ["\t", "\n"]
