"""Control characters in user text: found at input, stripped on the way into documents.

XML 1.0 (DOCX, XLSX, the XMP of a PDF) forbids the C0 controls other than tab, line feed
and carriage return, and the noncharacters U+FFFE and U+FFFF; python-docx and openpyxl
raise on them, and WeasyPrint draws them as missing glyphs. Forms refuse them at input
(`lib/kern_forms.py`); exporters run stored text through `strip_control`, because rows
saved before the check, or written past the forms, may still hold them.
"""

from __future__ import annotations

import re

#: Always refused: C0 except tab/LF/CR, DEL, and the two noncharacters XML forbids.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff"
_MULTI_LINE = re.compile(f"[{_CONTROL}]")
#: On one line a tab or line break is a control character too.
_SINGLE_LINE = re.compile(f"[{_CONTROL}\t\n\r]")
_LINE_BREAK = re.compile(r"\r\n|[\t\n\r]")


def control_characters(text: str, *, multiline: bool) -> list[str]:
    """The control characters in `text`, each once, in order of appearance."""
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    return list(dict.fromkeys(pattern.findall(text)))


def strip_control(text: str, *, multiline: bool) -> str:
    """`text` without control characters. On a single line, tabs and line breaks become
    spaces (so words stay apart); everything else is dropped."""
    if not multiline:
        text = _LINE_BREAK.sub(" ", text)
    return _MULTI_LINE.sub("", text)


def code_points(characters: list[str]) -> str:
    """'U+000B, U+0001': how a message names characters that cannot be shown."""
    return ", ".join(f"U+{ord(c):04X}" for c in characters)
