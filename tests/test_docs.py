"""The documents a newcomer reads name files that exist: every `path/like/this.py` in the
README, CONTRIBUTING.md, CHANGELOG.md's unreleased part and the decision records resolves,
relative to the repository or to the package (where the documents abbreviate it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vereinsforum"
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    *sorted((ROOT / "docs" / "adr").glob("*.md")),
]
PATH = re.compile(r"`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.*<>-]+)+\.(?:py|html|md|txt|json|tsv|lua))`")


def _exists(name: str) -> bool:
    if "<" in name or "*" in name:  # a pattern, e.g. `<app>/tests/test_*.py`
        pattern = re.sub(r"<[^>]+>", "*", name)
        return (
            any(ROOT.glob(pattern))
            or any(PACKAGE.glob(pattern))
            or any(PACKAGE.glob(f"**/{pattern}"))
        )
    return (
        (ROOT / name).exists()
        or (PACKAGE / name).exists()
        or any(PACKAGE.glob(f"*/templates/{name}"))
        or any(PACKAGE.glob(f"**/{name}"))
    )


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_file_a_document_names_exists(document):
    text = document.read_text()
    missing = sorted({m for m in PATH.findall(text) if not _exists(m)})
    assert missing == []


def test_the_decision_records_are_indexed():
    index = (ROOT / "docs" / "adr" / "README.md").read_text()
    records = sorted(p.name for p in (ROOT / "docs" / "adr").glob("0*.md"))
    assert len(records) >= 6
    assert [r for r in records if r not in index] == []
