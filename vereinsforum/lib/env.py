"""Typed environment helpers that fail loudly on malformed values."""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from pathlib import Path
from typing import overload

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# ---- the .env file of a source checkout --------------------------------------------------------
#
# `make run` writes <checkout>/.env (DEBUG on, a generated SECRET_KEY), so that every
# `vereinsforum` command in the checkout works without exporting anything. The settings read it
# only from the source checkout's root, recognised by manage.py and pyproject.toml beside the
# package, never from the working directory: an installed package (site-packages) has neither,
# so a stray .env with DEBUG=1 can never switch a production server into debug mode.
# VEREINSFORUM_ENV_FILE names another file; set to the empty string it switches the file off.

ENV_FILE_VARIABLE = "VEREINSFORUM_ENV_FILE"
_KEY = re.compile(r"(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)")
# What sh takes literally without quotes: no blanks, quotes, expansions or operators.
_BARE = re.compile(r"[^\s'\"\\$`;&|<>()]*")
_COMMENT = re.compile(r"(?:[ \t]+#.*)?[ \t\r]*")


def env_file_path(base_dir: Path) -> Path | None:
    """The .env file the settings read for a package whose parent directory is base_dir."""
    named = os.environ.get(ENV_FILE_VARIABLE)
    if named is not None:
        if not named:
            return None
        if not Path(named).is_file():
            raise ImproperlyConfigured(f"{ENV_FILE_VARIABLE}={named!r}: no such file.")
        return Path(named)
    if (base_dir / "manage.py").is_file() and (base_dir / "pyproject.toml").is_file():
        candidate = base_dir / ".env"
        return candidate if candidate.is_file() else None
    return None


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as sh reads them (so the file can also be sourced), strictly.

    Blank lines and `#` comments; an optional `export`; values bare, in 'single quotes'
    (literal) or "double quotes" (backslash escapes \\ \" \\$ \\`). Anything the shell would
    expand or split, and a key given twice, is refused with the line number. Errors never
    quote the value: it may be the secret key.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"{path}: cannot be read: {exc}") from exc
    values: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key, value = _parse_line(line)
            if key in seen:
                raise ValueError(f"{key} is already set on line {seen[key]}.")
        except ValueError as exc:
            raise ImproperlyConfigured(f"{path}, line {number}: {exc}") from None
        seen[key] = number
        values[key] = value
    return values


def _parse_line(line: str) -> tuple[str, str]:
    match = _KEY.fullmatch(line.strip(" \t\r"))
    if not match:
        raise ValueError("expected KEY=VALUE (no blanks around '=', the key a variable name).")
    key, text = match.groups()
    try:
        value, rest = _parse_value(text)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None
    if not _COMMENT.fullmatch(rest):
        raise ValueError(f"{key}: unexpected text after the closing quote.")
    return key, value


def _parse_value(text: str) -> tuple[str, str]:
    """(value, what follows it) for the text after '='."""
    if text.startswith("'"):
        end = text.find("'", 1)
        if end < 0:
            raise ValueError("the single quote is not closed.")
        return text[1:end], text[end + 1 :]
    if text.startswith('"'):
        chars: list[str] = []
        index = 1
        while index < len(text):
            char = text[index]
            if char == '"':
                return "".join(chars), text[index + 1 :]
            if char == "\\" and index + 1 < len(text) and text[index + 1] in '\\"$`':
                chars.append(text[index + 1])
                index += 2
                continue
            if char in "$`":
                raise ValueError("'$' and '`' would be expanded by the shell: escape them.")
            chars.append(char)
            index += 1
        raise ValueError("the double quote is not closed.")
    bare = _BARE.match(text)  # never None: the pattern matches the empty string too
    value = bare.group() if bare else ""
    rest = text[len(value) :]
    if rest and not _COMMENT.fullmatch(rest):
        if rest[0] == "$":
            raise ValueError("'$' would be expanded by the shell: put the value in single quotes.")
        raise ValueError("put a value with blanks, quotes or shell characters in single quotes.")
    return value, rest


def load_env_file(path: Path | None) -> None:
    """Fill in what the environment leaves unset; a variable already set (even empty) wins."""
    if path is None:
        return
    for key, value in read_env_file(path).items():
        os.environ.setdefault(key, value)


def write_local_env_file(path: Path) -> None:
    """A new .env for local development: DEBUG on and a key of production strength."""
    content = (
        "# Local development settings, written by `make run`. Never commit this file; a server\n"
        "# takes its settings from the environment (README, Configuration).\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )
    # Exclusive and private: never replace a key in use, never readable by other users.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=write_local_env_file.__doc__)
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    try:
        write_local_env_file(args.path)
    except FileExistsError:
        parser.exit(1, f"{args.path} exists: kept as it is (delete it for a new key).\n")
    print(f"Wrote {args.path} (DEBUG=1, a new SECRET_KEY).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
