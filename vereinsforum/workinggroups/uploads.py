"""What a working group may upload: office documents and images up to 10 MB, checked by
their content, not only by their name, so a renamed program is not handed to members as a
PDF."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]
    #: For the zip-based office formats: a member the archive must hold.
    zip_member: str = ""


TYPES = {
    "pdf": FileType("application/pdf", (b"%PDF-",)),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
        "word/document.xml",
    ),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (ZIP,),
        "xl/workbook.xml",
    ),
    "odt": FileType("application/vnd.oasis.opendocument.text", (ZIP,), "content.xml"),
    "png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
}


def allowed_types_label() -> str:
    return ", ".join(sorted({ext.upper() for ext in TYPES if ext != "jpeg"}))


def checked_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """(content type, content) of an acceptable upload; a ValidationError on "file" else."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = TYPES.get(extension)
    if kind is None:
        raise ValidationError(
            {
                "file": _("This file type is not accepted. Allowed: %(types)s.")
                % {"types": allowed_types_label()}
            }
        )
    # The size the client declared first, so a huge upload is not read into memory.
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}}
        )
    content = b"".join(upload.chunks())
    if len(content) > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}}
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if not content.startswith(kind.signatures) or not _holds(content, kind.zip_member):
        raise ValidationError(
            {
                "file": _("The content of the file does not match its type (.%(ext)s).")
                % {"ext": extension}
            }
        )
    return kind.content_type, content


def _holds(content: bytes, member: str) -> bool:
    if not member:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
