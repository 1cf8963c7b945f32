"""What an uploaded deliverable file really is, read from its content (magic bytes), not from its name.

Accepted: PDF; office documents (OOXML: docx, xlsx, pptx; ODF: odt, ods, odp); archives (zip, tar, gzip);
data files (CSV, TSV, JSON, plain text, Markdown as UTF-8 text; Parquet). The name's extension must agree
with the content: a ZIP archive named `report.pdf` is refused.
"""

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from jazari.core import archives

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
ZIP = FileType("ZIP", "application/zip", (".zip",))
DOCX = FileType(
    "Word (OOXML)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType(
    "Excel (OOXML)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PPTX = FileType(
    "PowerPoint (OOXML)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileType("OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = FileType("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", (".odp",))
GZIP = FileType("gzip", "application/gzip", (".gz", ".tgz"))
TAR = FileType("tar", "application/x-tar", (".tar",))
PARQUET = FileType("Parquet", "application/vnd.apache.parquet", (".parquet",))
TEXT = FileType(
    "text", "text/plain", (".txt", ".csv", ".tsv", ".json", ".jsonl", ".md", ".yaml", ".yml", ".xml")
)
TEXT_TYPES = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown"}
ODF_TYPES = {t.content_type: t for t in (ODT, ODS, ODP)}
ACCEPTED = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, ZIP, GZIP, TAR, PARQUET, TEXT)


class FileRefused(ValueError):
    """An upload that is not kept, with a reason the uploader can act on."""


def accepted_extensions() -> list[str]:
    return sorted({extension for file_type in ACCEPTED for extension in file_type.extensions})


def max_upload_bytes() -> int:
    return int(settings.DELIVERABLE_MAX_UPLOAD_MB) * 1024 * 1024


MIMETYPE_MAX_BYTES = 256  # an OpenDocument `mimetype` member holds one short line


def _zip_type(handle: IO[bytes], size: int) -> FileType:
    """What a ZIP file is: an OpenDocument or OOXML document, or a plain archive; measured first."""
    with archives.zip_open(handle, size) as archive:
        names = archive.namelist()
        try:
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(MIMETYPE_MAX_BYTES).decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return ODF_TYPES[declared]
        except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error):  # RuntimeError: it is encrypted
            raise archives.damaged(ZIP.label) from None
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return DOCX
            if any(name.startswith("xl/") for name in names):
                return XLSX
            if any(name.startswith("ppt/") for name in names):
                return PPTX
    return ZIP


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of what was read is still text.
        return error.start >= len(head) - 3 and len(head) == HEAD_BYTES
    return True


def detect(handle: IO[bytes]) -> FileType | None:
    """The type of the file from its content, or None when it is none of the accepted types. An archive
    (zip, tar, gzip) is measured as well, in pieces: one that holds too much is refused (`FileRefused`)."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    try:
        return _detect(handle, head, size)
    except archives.ArchiveRefused as refusal:
        raise FileRefused(str(refusal)) from None
    finally:
        handle.seek(0)


def _detect(handle: IO[bytes], head: bytes, size: int) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_type(handle, size)
    if head.startswith(b"\x1f\x8b"):
        archives.gzip_check(handle, size)
        return GZIP
    if head.startswith(b"PAR1"):
        return PARQUET
    if len(head) > 262 and head[257:262] == b"ustar":
        archives.tar_check(handle, size)
        return TAR
    if head and _is_text(head):
        return TEXT
    return None


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def check_upload(upload: IO[bytes], name: str, size: int) -> CheckedFile:
    """Refuse a file that is too large, of a type not accepted, or whose name says another type."""
    limit = max_upload_bytes()
    if size > limit:
        raise FileRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Compress it or split it.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": settings.DELIVERABLE_MAX_UPLOAD_MB}
        )
    if size == 0:
        raise FileRefused(_("The file is empty."))
    file_type = detect(upload)
    if file_type is None:
        raise FileRefused(
            _(
                "This file's content is not an accepted type. Accepted: PDF, office documents (OOXML, "
                "OpenDocument), archives (zip, tar, gzip) and data files (CSV, JSON, text, Parquet)."
            )
        )
    extension = PurePosixPath(name.lower()).suffix
    if extension not in file_type.extensions:
        raise FileRefused(
            _("The file is named “%(name)s” but its content is %(type)s: rename it or choose the right file.")
            % {"name": name, "type": file_type.label}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    content_type = (
        TEXT_TYPES.get(extension, file_type.content_type) if file_type is TEXT else file_type.content_type
    )
    return CheckedFile(
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        original_name=PurePosixPath(name).name[:200],
    )
