"""Attachment checks and storage.

Limits are settings (``ATTACHMENT_MAX_BYTES``, ``ATTACHMENT_ALLOWED_TYPES``). The client's declared
content type is not trusted alone: the type guessed from the file name's extension must be allowed,
the declared type (when the client gives a real one) must agree with it, and the file's leading
bytes must look like that type (a small magic-number check for images, PDF and zip containers;
"no NUL bytes" for text). Every file of a request is checked before anything is written.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import os
import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError

from .models import Attachment

# A fixed table (the built-in one plus what a help desk receives), so the answer does not depend
# on the machine's /etc/mime.types.
_MIME = mimetypes.MimeTypes()
for _type, _ext in (
    ("image/webp", ".webp"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("text/plain", ".log"),
):
    _MIME.add_type(_type, _ext)

# Names clients use for the same type.
TYPE_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-zip-compressed": "application/zip",
    "application/x-zip": "application/zip",
    "application/x-pdf": "application/pdf",
    # Windows browsers declare .csv files as Excel documents.
    "application/vnd.ms-excel": "text/csv",
}
# Declared types that only say "the client does not know": decided by name and content alone.
UNSPECIFIED_TYPES = {"", "application/octet-stream", "binary/octet-stream"}

TEXT = "text"
ZIP = "application/zip"
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty archive
)
# What the leading bytes of a file of each type must look like.
EXPECTED_CONTENT = {
    "image/png": "image/png",
    "image/jpeg": "image/jpeg",
    "image/gif": "image/gif",
    "image/webp": "image/webp",
    "application/pdf": "application/pdf",
    ZIP: ZIP,
    # Office Open XML documents are zip archives.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ZIP,
}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    filename: str
    content_type: str
    size: int
    sha256: str


def clean_filename(name: str | None) -> str:
    """The file's base name without path parts or control characters, at most 200 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if len(name) > 200:
        root, ext = os.path.splitext(name)
        ext = ext[:20]
        name = root[: 200 - len(ext)] + ext
    return name or "attachment"


def guess_type(filename: str) -> str | None:
    return _MIME.guess_type(filename, strict=False)[0]


def normalise_type(content_type: str | None) -> str:
    value = (content_type or "").split(";", 1)[0].strip().lower()
    return TYPE_ALIASES.get(value, value)


def sniff(head: bytes) -> str | None:
    """The type the leading bytes show: a known signature, ``"text"``, or None (other binary)."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if b"\x00" not in head:
        return TEXT
    return None


def _expected_content(content_type: str) -> str | None:
    if content_type in EXPECTED_CONTENT:
        return EXPECTED_CONTENT[content_type]
    if content_type.startswith("text/"):
        return TEXT
    return None


def _forbidden(filename: str, message: str) -> ServiceError:
    return ServiceError(
        message,
        code="attachment_type_forbidden",
        status_code=415,
        fields={"attachments": [f"{filename}: {message}"]},
    )


def attachment_check(upload) -> CheckedFile:
    """Check one uploaded file against the limits; raise before anything is written."""
    filename = clean_filename(getattr(upload, "name", ""))
    size = upload.size
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        message = _("The file is larger than the limit of %(limit)s bytes.") % {"limit": limit}
        raise ServiceError(
            message,
            code="attachment_too_large",
            status_code=413,
            fields={"attachments": [f"{filename}: {message}"]},
        )
    if size == 0:
        message = _("The file is empty.")
        raise ServiceError(
            message, code="attachment_empty", fields={"attachments": [f"{filename}: {message}"]}
        )

    allowed = {normalise_type(t) for t in settings.ATTACHMENT_ALLOWED_TYPES}
    guessed = guess_type(filename)
    if guessed is None or guessed not in allowed:
        raise _forbidden(filename, _("Files of this type are not accepted."))
    declared = normalise_type(getattr(upload, "content_type", ""))
    if declared not in UNSPECIFIED_TYPES and declared != guessed:
        raise _forbidden(filename, _("The file's declared type does not match its name."))

    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    sniffed = sniff(head)
    expected = _expected_content(guessed)
    # A type we hold no signature for (allowed by an operator) must not look like another one.
    matches = sniffed == expected if expected is not None else sniffed in (None, TEXT, guessed)
    if not matches:
        raise _forbidden(filename, _("The file's content does not match its name."))

    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload, filename=filename, content_type=guessed, size=size, sha256=digest.hexdigest()
    )


def attachments_check(uploads: Iterable) -> list[CheckedFile]:
    uploads = list(uploads or ())
    limit = settings.ATTACHMENT_MAX_FILES
    if len(uploads) > limit:
        raise ServiceError(
            _("At most %(limit)d files can be attached at once.") % {"limit": limit},
            code="too_many_attachments",
            fields={"attachments": [_("Too many files.")]},
        )
    return [attachment_check(upload) for upload in uploads]


_written: ContextVar[list[str] | None] = ContextVar("ticket_files_written", default=None)


def removes_files_on_error(func):
    """Delete the files a service wrote when it fails (its rows roll back; so must its files).

    Put it above ``@transaction.atomic`` so that a failure while committing is covered too.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if _written.get() is not None:  # an outer service owns the clean-up
            return func(*args, **kwargs)
        names: list[str] = []
        token = _written.set(names)
        try:
            return func(*args, **kwargs)
        except BaseException:
            for name in names:
                with suppress(OSError):  # best effort; the error that matters is re-raised
                    default_storage.delete(name)
            raise
        finally:
            _written.reset(token)

    return wrapper


def attachment_store(*, ticket, checked: CheckedFile, uploaded_by, message=None) -> Attachment:
    """Write one checked file and its row (from a service under :func:`removes_files_on_error`)."""
    attachment = Attachment(
        ticket=ticket,
        message=message,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(checked.filename, checked.upload, save=False)
    written = _written.get()
    if written is not None:
        written.append(attachment.file.name)
    attachment.save()
    return attachment
