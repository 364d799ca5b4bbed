"""Every app's catalogues are complete in all five languages (no untranslated, no fuzzy)."""

import subprocess
from pathlib import Path

import polib
import pytest

from vereinsforum.lib.catalogues import LANGUAGES, PACKAGE, app_dirs, catalogues, incomplete


def test_no_catalogue_has_untranslated_or_fuzzy_entries():
    problems = incomplete()
    assert not problems, "\n".join(
        f"{path}: {len(missing)} missing, e.g. {missing[:3]}" for path, missing in problems.items()
    )


def _has_strings(app: Path) -> bool:
    for path in [*app.rglob("*.py"), *app.rglob("*.html"), *app.rglob("*.txt")]:
        if "tests" in path.parts or "migrations" in path.parts or "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(mark in text for mark in ("gettext", "{% translate", "{% blocktranslate")):
            return True
    return False


@pytest.mark.parametrize("app", [a.name for a in app_dirs() if _has_strings(a)])
def test_each_app_with_strings_has_all_five_catalogues(app):
    for lang in LANGUAGES:
        po = PACKAGE / app / "locale" / lang / "LC_MESSAGES" / "django.po"
        assert po.exists(), f"{po.relative_to(PACKAGE)} is missing"
        assert po.with_suffix(".mo").exists(), f"{po.relative_to(PACKAGE)} is not compiled"


def test_compiled_catalogues_are_up_to_date():
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        po = polib.pofile(str(po_path))
        mo = polib.mofile(str(mo_path))
        compiled = {e.msgid: e.msgstr for e in mo}
        stale = [
            e.msgid
            for e in po.translated_entries()
            if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr
        ]
        assert not stale, (
            f"{mo_path.relative_to(PACKAGE)} is stale: run compilemessages ({stale[:3]})"
        )


def test_english_catalogues_repeat_the_msgid():
    for po_path in catalogues():
        if po_path.parts[-3] != "en":
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if not entry.msgid_plural:
                assert entry.msgstr == entry.msgid, f"{po_path}: {entry.msgid!r}"


def test_msgfmt_accepts_every_catalogue():
    for po_path in catalogues():
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(po_path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{po_path}: {result.stderr}"


@pytest.mark.parametrize("app", [a.name for a in app_dirs() if _has_strings(a)])
def test_catalogues_hold_every_string_of_the_source(app, tmp_path):
    """A string added to the code but never extracted would show untranslated: extract the
    app's strings afresh into a scratch copy and compare with the committed catalogue."""
    import shutil
    import sys

    source = PACKAGE / app
    scratch = tmp_path / app
    shutil.copytree(
        source, scratch, ignore=shutil.ignore_patterns("locale", "tests", "__pycache__")
    )
    (scratch / "locale").mkdir()
    admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(  # noqa: S603
        [
            str(admin),
            "makemessages",
            "-l",
            "de",
            "--no-location",
            "--settings=vereinsforum.settings",
        ],
        cwd=scratch,
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "DEBUG": "1"},
    )
    fresh = {e.msgid for e in polib.pofile(str(scratch / "locale/de/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(source / "locale/de/LC_MESSAGES/django.po"))}
    missing = sorted(fresh - committed)
    assert not missing, f"{app}: run `make messages` and translate: {missing[:5]}"


def test_no_catalogue_retranslates_a_string_of_djangos_own():
    """An app's catalogue that holds one of Django's own msgids translates it for the whole
    site (the catalogues are merged): "This field is required." in the API's German catalogue
    changed every form's message. Such entries must say what Django says."""
    import django

    django_locale = Path(django.__file__).parent / "conf" / "locale"
    problems = []
    for po_path in catalogues():
        lang = po_path.parts[-3]
        theirs_path = django_locale / lang / "LC_MESSAGES" / "django.po"
        if lang == "en" or not theirs_path.exists():
            continue
        theirs = {e.msgid: e.msgstr for e in polib.pofile(str(theirs_path)) if e.msgstr}
        for entry in polib.pofile(str(po_path)):
            shared = entry.msgid in theirs and not entry.msgid_plural and not entry.msgctxt
            if shared and entry.msgstr != theirs[entry.msgid]:
                problems.append(
                    f"{po_path.relative_to(PACKAGE)}: {entry.msgid!r} → {entry.msgstr!r}, "
                    f"Django: {theirs[entry.msgid]!r}"
                )
    assert not problems, "\n".join(problems)
