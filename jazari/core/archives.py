"""Archives measured without being unpacked anywhere: how many members they hold and how much they unpack
to, read in pieces that are counted and thrown away.

A few megabytes can unpack to gigabytes (an "archive bomb") and harm whoever opens the file, or the process
that reads it. Anything the platform receives as an archive — a deliverable (zip, tar, gzip and the office
documents that are zip files), an imported Excel workbook — is measured here first, and refused
(`ArchiveRefused`, with a reason the sender can act on) as soon as it passes a bound.
"""

import copy
import struct
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, cast

from django.utils.translation import gettext as _


class ArchiveRefused(ValueError):
    """An archive that holds too much, or that cannot be measured, with the reason."""


class ArchiveDamaged(ArchiveRefused):
    """An archive that cannot be read to the end."""


def damaged(kind: str) -> ArchiveDamaged:
    return ArchiveDamaged(_("This %(type)s file is damaged or incomplete.") % {"type": kind})


# What an archive may hold, whatever the size of the upload that carries it.
ARCHIVE_MAX_MEMBERS = 20_000
ARCHIVE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100  # unpacked size / packed size
# Less content than this is not judged by its ratio: an office document's short XML parts pack well.
ARCHIVE_RATIO_FROM_BYTES = 1024 * 1024
MIMETYPE_MAX_BYTES = 256  # an OpenDocument `mimetype` member holds one short line
CHUNK_BYTES = 1024 * 1024


class Budget:
    """What an archive holds, counted as it is read: refuses the archive as soon as a bound is passed."""

    def __init__(self, packed_bytes: int) -> None:
        self.packed_bytes = max(packed_bytes, 1)
        self.unpacked_bytes = 0
        self.members = 0

    def member(self) -> None:
        self.members += 1
        if self.members > ARCHIVE_MAX_MEMBERS:
            raise ArchiveRefused(
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
            raise ArchiveRefused(
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


def _too_packed(name: str) -> ArchiveRefused:
    if name:
        return ArchiveRefused(
            _(
                "In this archive, “%(name)s” expands more than %(ratio)s times when unpacked, as archive "
                "bombs do. If its content is genuine, upload it uncompressed or compressed less."
            )
            % {"name": name[:100], "ratio": ARCHIVE_MAX_RATIO}
        )
    return ArchiveRefused(
        _(
            "This archive expands more than %(ratio)s times when unpacked, as archive bombs do. If its "
            "content is genuine, upload it uncompressed or compressed less."
        )
        % {"ratio": ARCHIVE_MAX_RATIO}
    )


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
    budget = Budget(size)
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
    declared = Budget(size)
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
                        raise ArchiveRefused(
                            _(
                                "In this archive, “%(name)s” holds more than its header declares: the "
                                "archive is damaged or built to deceive. Create it again with a usual tool."
                            )
                            % {"name": info.filename[:100]}
                        )
        except NotImplementedError:
            raise ArchiveRefused(
                _(
                    "This archive uses a compression method that cannot be checked: create it again as a "
                    "usual ZIP file (deflate)."
                )
            ) from None
        if read != info.file_size or checksum != info.CRC:
            raise damaged("ZIP")


def zip_open(handle: IO[bytes], size: int) -> zipfile.ZipFile:
    """A ZIP file opened once it is measured: at most `ARCHIVE_MAX_MEMBERS` entries, counted before the
    zipfile module makes an object of each, and members that unpack to no more than the bounds and than they
    declare. The caller closes it."""
    try:
        _zip_count_members(handle, size)
        handle.seek(0)
        archive = zipfile.ZipFile(handle)
        try:
            _zip_measure(archive, size)
        except BaseException:
            archive.close()
            raise
    except ArchiveRefused:  # a ValueError too: already says why
        raise
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError, zlib.error):
        raise damaged("ZIP") from None
    return archive


def _gunzipped(handle: IO[bytes], budget: Budget) -> Iterator[bytes]:
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


def _tar_measure(archive: tarfile.TarFile, budget: Budget) -> None:
    """Count a tar archive's members and the sizes they declare: a sparse member may declare far more than
    it stores."""
    for member in archive:
        budget.member()
        # A sparse member's map: (offset, length) of each stored piece (typed as bytes in the stubs).
        pieces = cast("list[tuple[int, int]] | None", member.sparse)
        stored = member.size if pieces is None else sum(length for _offset, length in pieces)
        budget.unpacked(member.size, name=member.name, packed=stored)


def tar_check(handle: IO[bytes], size: int) -> None:
    handle.seek(0)
    try:
        with tarfile.open(fileobj=handle, mode="r:") as archive:
            _tar_measure(archive, Budget(size))
    except ArchiveRefused:  # a ValueError too: already says why
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise damaged("tar") from None


def gzip_check(handle: IO[bytes], size: int) -> None:
    """Unpack a gzip file in pieces, kept nowhere, to measure it; and when it holds a tar archive (.tar.gz),
    count that archive's members."""
    content = _Pieces(_gunzipped(handle, Budget(size)))
    try:
        head = content.peek(512)
        if len(head) > 262 and head[257:262] == b"ustar":
            with tarfile.open(fileobj=cast("IO[bytes]", content), mode="r|") as archive:
                _tar_measure(archive, Budget(size))
        content.drain()
    except ArchiveRefused:  # a ValueError too: already says why
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error):
        raise damaged("gzip") from None
