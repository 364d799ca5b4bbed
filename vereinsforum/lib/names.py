"""How a name sits in a sentence: isolated from the text around it, and without a second
full stop when it ends in one.

Names of associations, people and events are mostly Latin script. On an Arabic page the
bidirectional algorithm gives the neutral characters at a name's edge to the Arabic around it,
so "Anadolu e.V." is drawn as ".Anadolu e.V" and a sentence ending in it as "..Anadolu e.V".
Isolating the name (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTORY ISOLATE in plain text,
`<bdi>` in HTML) lets the name keep its own direction. And a sentence that ends in a name
ending in "e.V." must not end in "e.V..".
"""

from __future__ import annotations

import re

from django.db import models

FSI, PDI = "\u2068", "\u2069"

#: A full stop, then only closing isolates or </bdi> tags, then a second full stop; neither an
#: ellipsis ("...") nor a full stop that is the first character is touched.
_SECOND_FULL_STOP = re.compile(r"(?<=[^.]\.)((?:\u2069|</bdi>)*)\.(?!\.)")


def isolate(name: object) -> str:
    """`name` as plain text isolated from its neighbours' direction."""
    return f"{FSI}{name}{PDI}"


def single_full_stops(text: str) -> str:
    """`text` without the second full stop of "e.V.." (also across an isolate or <bdi>)."""
    return _SECOND_FULL_STOP.sub(r"\1", text)


def sentence(message: str, /, **params: object) -> str:
    """`message % params`, where every model instance among the params is a name: it is
    isolated, and a full stop after a name that ends in one is dropped.
    """
    filled = message % {
        key: isolate(value) if isinstance(value, models.Model) else value
        for key, value in params.items()
    }
    return single_full_stops(filled)
