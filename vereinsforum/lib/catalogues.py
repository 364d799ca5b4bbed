"""Translation catalogues live in each app (`<app>/locale/<lang>/LC_MESSAGES/django.po`).

`python -m vereinsforum.lib.catalogues` extracts the strings of every app into its catalogues
for all languages and compiles them; `incomplete()` lists what is still untranslated (the
test suite fails on it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "en", "tr", "ru", "ar")


def app_dirs() -> list[Path]:
    """Every app, and `lib`: its shared helpers (forms, rate limits) speak to users too
    (settings.LOCALE_PATHS points at its catalogues)."""
    return sorted([*(p.parent for p in PACKAGE.glob("*/apps.py")), PACKAGE / "lib"])


def catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))


def extract_and_compile() -> None:
    admin = Path(sys.executable).with_name("django-admin")
    for app in app_dirs():
        (app / "locale").mkdir(exist_ok=True)
        # Tests' strings are not shown to users (the completeness test ignores them too).
        args = [str(admin), "makemessages", "--no-obsolete", "--no-location", "--ignore=tests/*"]
        for lang in LANGUAGES:
            args += ["-l", lang]
        subprocess.run(args, cwd=app, check=True)  # noqa: S603
        subprocess.run([str(admin), "compilemessages"], cwd=app, check=True)  # noqa: S603


def incomplete() -> dict[str, list[str]]:
    """{catalogue: [msgids without a translation or marked fuzzy]}"""
    import polib

    problems: dict[str, list[str]] = {}
    for path in catalogues():
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po.untranslated_entries()] + [
            e.msgid for e in po.fuzzy_entries()
        ]
        if missing:
            problems[str(path.relative_to(PACKAGE))] = missing
    return problems


if __name__ == "__main__":
    extract_and_compile()
    for catalogue, missing in incomplete().items():
        print(f"{catalogue}: {len(missing)} untranslated")
