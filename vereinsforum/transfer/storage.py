"""Where an uploaded import file waits between the wizard's steps.

Decision: the bytes go to a private directory under var/ (never MEDIA_ROOT: nothing serves
it), named by a random token that only the uploader's session knows; the session holds the
token, the file's digest, the mapping and the choices. The file is deleted when the import
is applied or discarded, when a new one is uploaded, and by any later upload once it is
older than `MAX_AGE` (an abandoned wizard). A file whose digest no longer matches is
refused. Re-uploading with a signed digest would have kept the server free of files but
made the user upload the file at every step.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "transfer_import"
#: An import not applied within this time is gone; the user uploads it again.
MAX_AGE = 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")


def upload_dir() -> Path:
    return Path(getattr(settings, "TRANSFER_UPLOAD_DIR", None) or settings.VAR_DIR / "imports")


def _path(token: str) -> Path:
    if not _TOKEN.fullmatch(token):
        raise ValueError("not an upload token")
    return upload_dir() / f"{token}.upload"


def purge_stale(now: float | None = None) -> int:
    """Delete uploads older than MAX_AGE; returns how many."""
    now = now or time.time()
    removed = 0
    directory = upload_dir()
    if not directory.is_dir():
        return 0
    for path in directory.glob("*.upload"):
        try:
            if now - path.stat().st_mtime > MAX_AGE:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


def store(session, content: bytes, *, filename: str, source: str) -> dict[str, Any]:
    discard(session)
    purge_stale()
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_hex(16)
    path = _path(token)
    path.write_bytes(content)
    path.chmod(0o600)
    info = {
        "token": token,
        "filename": filename[:200],
        "digest": hashlib.sha256(content).hexdigest(),
        "source": source,
        "uploaded": time.time(),
        "mapping": None,
        "decisions": {},
    }
    session[SESSION_KEY] = info
    return info


def current(session) -> tuple[dict[str, Any], bytes] | None:
    """The session's upload and its bytes, or None when there is none (or it expired)."""
    info = session.get(SESSION_KEY)
    if not info:
        return None
    try:
        path = _path(info.get("token", ""))
        if time.time() - float(info.get("uploaded", 0)) > MAX_AGE:
            raise FileNotFoundError
        content = path.read_bytes()
    except (ValueError, FileNotFoundError, TypeError):
        discard(session)
        return None
    if hashlib.sha256(content).hexdigest() != info.get("digest"):
        discard(session)
        return None
    return info, content


def update(
    session: SessionBase,
    *,
    mapping: list[str] | None = None,
    decisions: Mapping[str, str] | None = None,
) -> None:
    """Remember the chosen column mapping and the decisions with the upload; None keeps
    what was remembered."""
    info = dict(session.get(SESSION_KEY) or {})
    if mapping is not None:
        info["mapping"] = list(mapping)
    if decisions is not None:
        info["decisions"] = dict(decisions)
    session[SESSION_KEY] = info


def discard(session) -> None:
    info = session.pop(SESSION_KEY, None)
    if info:
        with contextlib.suppress(ValueError):
            _path(info.get("token", "")).unlink(missing_ok=True)
