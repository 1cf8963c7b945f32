"""What an uploaded deliverable file really is, read from its content (magic bytes), not from its name.

Accepted: PDF; office documents (OOXML: docx, xlsx, pptx; ODF: odt, ods, odp); archives (zip, tar, gzip);
data files (CSV, TSV, JSON, plain text, Markdown as UTF-8 text; Parquet). The name's extension must agree
with the content: a ZIP archive named `report.pdf` is refused.
"""

import copy
import hashlib
import io
import struct
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, cast

from django.conf import settings
from django.utils.translation import gettext as _

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


# What an archive may hold. The check unpacks an archive only to measure it, in pieces that it does not keep;
# an archive beyond these bounds is refused whatever the upload limit: a few megabytes can unpack to
# gigabytes (an "archive bomb") and harm whoever opens the deliverable.
ARCHIVE_MAX_MEMBERS = 20_000
ARCHIVE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100  # unpacked size / packed size
# Less content than this is not judged by its ratio: an office document's short XML parts pack well.
ARCHIVE_RATIO_FROM_BYTES = 1024 * 1024
MIMETYPE_MAX_BYTES = 256  # an OpenDocument `mimetype` member holds one short line
CHUNK_BYTES = 1024 * 1024


class _Budget:
    """What an archive holds, counted as it is read: refuses the archive as soon as a bound is passed."""

    def __init__(self, packed_bytes: int) -> None:
        self.packed_bytes = max(packed_bytes, 1)
        self.unpacked_bytes = 0
        self.members = 0

    def member(self) -> None:
        self.members += 1
        if self.members > ARCHIVE_MAX_MEMBERS:
            raise FileRefused(
                _(
                    "This archive holds more than %(max)s files: split it into several archives, or gather "
                    "its small files into fewer, larger ones."
                )
                % {"max": ARCHIVE_MAX_MEMBERS}
            )

    def unpacked(self, size: int, *, name: str = "", packed: int | None = None) -> None:
        """Count `size` more bytes unpacked (from `packed` bytes of the file, when a member says so)."""
        self.unpacked_bytes += size
        if self.unpacked_bytes > ARCHIVE_MAX_UNPACKED_BYTES:
            raise FileRefused(
                _(
                    "Unpacked, this archive would take more than %(max)s GB: upload a smaller selection of "
                    "its files, or split it into several deliverables."
                )
                % {"max": f"{ARCHIVE_MAX_UNPACKED_BYTES / 1024**3:g}"}
            )
        judged = [(self.unpacked_bytes, self.packed_bytes, "")]
        if packed is not None:
            judged.append((size, max(packed, 1), name))
        for unpacked, from_bytes, member in judged:
            if unpacked > ARCHIVE_RATIO_FROM_BYTES and unpacked > ARCHIVE_MAX_RATIO * from_bytes:
                raise _too_packed(member)


def _too_packed(name: str) -> FileRefused:
    if name:
        return FileRefused(
            _(
                "In this archive, “%(name)s” expands more than %(ratio)s times when unpacked, as archive "
                "bombs do. If its content is genuine, upload it uncompressed or compressed less."
            )
            % {"name": name[:100], "ratio": ARCHIVE_MAX_RATIO}
        )
    return FileRefused(
        _(
            "This archive expands more than %(ratio)s times when unpacked, as archive bombs do. If its "
            "content is genuine, upload it uncompressed or compressed less."
        )
        % {"ratio": ARCHIVE_MAX_RATIO}
    )


def _damaged(file_type: FileType) -> FileRefused:
    return FileRefused(_("This %(type)s file is damaged or incomplete.") % {"type": file_type.label})


def _zip_count_members(handle: IO[bytes], size: int) -> None:
    """Count the entries of a ZIP file's central directory, stopping past the bound, before the zipfile
    module makes an object of each. The directory is found where that module looks for it (the last end
    record, and the ZIP64 record just before it when there is one); one that cannot be found is left to it."""
    tail_start = max(size - (22 + 65_535), 0)
    handle.seek(tail_start)
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return
    (directory_bytes,) = struct.unpack_from("<L", tail, at + 12)
    directory_end = tail_start + at
    if directory_end >= 20 + 56:
        handle.seek(directory_end - 20 - 56)
        records = handle.read(56 + 20)
        if records[56:].startswith(b"PK\x06\x07") and records.startswith(b"PK\x06\x06"):  # ZIP64
            (directory_bytes,) = struct.unpack_from("<Q", records, 40)
            directory_end -= 20 + 56
    budget = _Budget(size)
    position = directory_end - directory_bytes
    while 0 <= position < directory_end:
        handle.seek(position)
        entry = handle.read(46)
        if len(entry) < 46 or not entry.startswith(b"PK\x01\x02"):
            return
        budget.member()
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", entry, 28)
        position += 46 + name_length + extra_length + comment_length


def _zip_measure(archive: zipfile.ZipFile, size: int) -> None:
    """Refuse a ZIP file whose members declare too much; then unpack each member in pieces, kept nowhere,
    to make sure that none holds more than its header declares."""
    declared = _Budget(size)
    for info in archive.infolist():
        declared.member()
        declared.unpacked(info.file_size, name=info.filename, packed=info.compress_size)
    for info in archive.infolist():
        if info.flag_bits & 0x1 or info.is_dir():
            continue  # an encrypted member cannot be read: its declared size was judged above
        bounded = copy.copy(info)
        bounded.file_size = info.file_size + 1  # so that data beyond what the header declares shows,
        bounded.CRC = None  # type: ignore[assignment]  # and the checksum is checked here, on what it declares
        read, checksum = 0, 0
        try:
            with archive.open(bounded) as member:
                while chunk := member.read(CHUNK_BYTES):
                    read += len(chunk)
                    checksum = zlib.crc32(chunk, checksum)
                    if read > info.file_size:
                        raise FileRefused(
                            _(
                                "In this archive, “%(name)s” holds more than its header declares: the "
                                "archive is damaged or built to deceive. Create it again with a usual tool."
                            )
                            % {"name": info.filename[:100]}
                        )
        except NotImplementedError:
            raise FileRefused(
                _(
                    "This archive uses a compression method that cannot be checked: create it again as a "
                    "usual ZIP file (deflate)."
                )
            ) from None
        if read != info.file_size or checksum != info.CRC:
            raise _damaged(ZIP)


def _zip_type(handle: IO[bytes], size: int) -> FileType:
    try:
        _zip_count_members(handle, size)
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            _zip_measure(archive, size)
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(MIMETYPE_MAX_BYTES).decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return ODF_TYPES[declared]
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
                if any(name.startswith("ppt/") for name in names):
                    return PPTX
    except FileRefused:  # a ValueError too: already says why
        raise
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError, zlib.error):
        # RuntimeError: an encrypted `mimetype`; the others: a damaged archive or member.
        raise _damaged(ZIP) from None
    return ZIP


def _gunzipped(handle: IO[bytes], budget: _Budget) -> Iterator[bytes]:
    """The content of a gzip file in pieces, counted against the bounds as it is unpacked; a file may hold
    several gzip streams one after the other, and end with zeros."""
    handle.seek(0)
    inflater = zlib.decompressobj(wbits=31)
    packed = b""
    while True:
        if not packed:
            packed = handle.read(CHUNK_BYTES)
            if not packed:
                if inflater.eof:
                    return
                raise EOFError
        piece = inflater.decompress(packed, CHUNK_BYTES)
        packed = inflater.unconsumed_tail
        if piece:
            budget.unpacked(len(piece))
            yield piece
        if inflater.eof:
            packed = inflater.unused_data.lstrip(b"\x00")
            while not packed:
                rest = handle.read(CHUNK_BYTES)
                if not rest:
                    return
                packed = rest.lstrip(b"\x00")
            inflater = zlib.decompressobj(wbits=31)


class _Pieces:
    """A readable stream over pieces of bytes, for tarfile's stream mode."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.current = memoryview(b"")

    def peek(self, size: int) -> bytes:
        while len(self.current) < size:
            piece = next(self.pieces, None)
            if piece is None:
                break
            self.current = memoryview(self.current.tobytes() + piece)
        return self.current[:size].tobytes()

    def read(self, size: int = -1) -> bytes:
        parts = []
        wanted = size if size >= 0 else sys.maxsize
        while wanted > 0:
            if not self.current:
                piece = next(self.pieces, None)
                if piece is None:
                    break
                self.current = memoryview(piece)
            taken = self.current[:wanted]
            self.current = self.current[len(taken) :]
            parts.append(taken.tobytes())
            wanted -= len(taken)
        return b"".join(parts)

    def drain(self) -> None:
        for _piece in self.pieces:
            pass


def _tar_measure(archive: tarfile.TarFile, budget: _Budget) -> None:
    """Count a tar archive's members and the sizes they declare: a sparse member may declare far more than
    it stores."""
    for member in archive:
        budget.member()
        # A sparse member's map: (offset, length) of each stored piece (typed as bytes in the stubs).
        pieces = cast("list[tuple[int, int]] | None", member.sparse)
        stored = member.size if pieces is None else sum(length for _offset, length in pieces)
        budget.unpacked(member.size, name=member.name, packed=stored)


def _tar_check(handle: IO[bytes], size: int) -> None:
    handle.seek(0)
    try:
        with tarfile.open(fileobj=handle, mode="r:") as archive:
            _tar_measure(archive, _Budget(size))
    except FileRefused:  # a ValueError too: already says why
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise _damaged(TAR) from None


def _gzip_check(handle: IO[bytes], size: int) -> None:
    """Unpack a gzip file in pieces, kept nowhere, to measure it; and when it holds a tar archive (.tar.gz),
    count that archive's members."""
    content = _Pieces(_gunzipped(handle, _Budget(size)))
    try:
        head = content.peek(512)
        if len(head) > 262 and head[257:262] == b"ustar":
            with tarfile.open(fileobj=cast("IO[bytes]", content), mode="r|") as archive:
                _tar_measure(archive, _Budget(size))
        content.drain()
    except FileRefused:  # a ValueError too: already says why
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error):
        raise _damaged(GZIP) from None


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
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _zip_type(handle, size)
        if head.startswith(b"\x1f\x8b"):
            _gzip_check(handle, size)
            return GZIP
        if head.startswith(b"PAR1"):
            return PARQUET
        if len(head) > 262 and head[257:262] == b"ustar":
            _tar_check(handle, size)
            return TAR
        if head and _is_text(head):
            return TEXT
        return None
    finally:
        handle.seek(0)


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
