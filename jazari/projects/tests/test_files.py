"""Deliverable uploads: the type is read from the content, the size is limited by a setting, and a refused
file leaves nothing behind."""

import io
import random
import struct
import tarfile
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jazari.conftest import client_for
from jazari.core import archives
from jazari.projects.files import (
    DOCX,
    GZIP,
    ODT,
    PDF,
    TAR,
    TEXT,
    XLSX,
    ZIP,
    FileRefused,
    check_upload,
    detect,
)
from jazari.projects.models import DeliverableVersion
from jazari.projects.tests.factories import PDF_BYTES, deliverable_of, docx_bytes, project_of, zip_bytes

pytestmark = pytest.mark.django_db


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
        (zip_bytes(), ZIP),
        ("région;valeur\nالشرق;12\n".encode(), TEXT),
    ],
)
def test_it_reads_the_type_from_the_content(content, expected):
    assert detect(io.BytesIO(content)) is expected


def test_it_refuses_a_program_whatever_its_name():
    with pytest.raises(FileRefused, match="not an accepted type"):
        check_upload(io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00" * 10), "rapport.pdf", 80)


def test_it_refuses_a_name_that_lies_about_the_content():
    with pytest.raises(FileRefused, match="ZIP"):
        check_upload(io.BytesIO(zip_bytes()), "rapport.pdf", len(zip_bytes()))


def test_it_refuses_a_file_over_the_limit(settings):
    settings.DELIVERABLE_MAX_UPLOAD_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(FileRefused, match="limit is 1 MB"):
        check_upload(io.BytesIO(big), "rapport.pdf", len(big))


def _upload(client, deliverable, name: str, content: bytes):
    return client.post(
        f"/en/workspace/portfolio/deliverables/{deliverable.public_id}/versions/",
        {"file": SimpleUploadedFile(name, content), "note": "première version"},
        follow=True,
    )


def test_it_stores_an_accepted_upload_under_a_random_name(manager_a, institute_a, private_files):
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    response = _upload(client_for(manager_a), deliverable, "Rapport final.pdf", PDF_BYTES)
    assert "Version 1 was uploaded." in response.text
    version = DeliverableVersion.objects.get(deliverable=deliverable)
    assert version.content_type == "application/pdf" and version.size == len(PDF_BYTES)
    assert "Rapport" not in version.file.name and str(deliverable.public_id) not in version.file.name
    stored = [path for path in private_files.rglob("*") if path.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == PDF_BYTES


def test_it_refuses_a_wrong_type_with_a_clear_message_and_keeps_nothing(
    manager_a, institute_a, private_files
):
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    response = _upload(
        client_for(manager_a), deliverable, "rapport.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64
    )
    assert "The file was not kept" in response.text and "not an accepted type" in response.text
    assert not DeliverableVersion.objects.exists()
    assert not [path for path in private_files.rglob("*") if path.is_file()]


def test_it_refuses_an_oversized_upload_and_keeps_nothing(manager_a, institute_a, private_files, settings):
    settings.DELIVERABLE_MAX_UPLOAD_MB = 1
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    response = _upload(
        client_for(manager_a), deliverable, "rapport.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024)
    )
    assert "the limit is 1 MB" in response.text
    assert not DeliverableVersion.objects.exists()
    assert not [path for path in private_files.rglob("*") if path.is_file()]


def test_it_refuses_an_upload_to_another_institute_s_deliverable(manager_b, manager_a, institute_a):
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    assert _upload(client_for(manager_b), deliverable, "rapport.pdf", PDF_BYTES).status_code == 404
    assert not DeliverableVersion.objects.exists()


# --- Archives: measured in pieces, and refused when they hold too much -------------------------------------

MEGABYTE = 1024 * 1024


class _Zeros(io.RawIOBase):
    """`size` zero bytes, read in pieces: an archive bomb's content, never held whole in memory."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def _zip_of_zeros(megabytes: int, name: str = "data.bin") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(name, "w") as member:
        for _ in range(megabytes):
            member.write(bytes(MEGABYTE))
    return buffer.getvalue()


def _lying_about_sizes(data: bytes, file_size: int) -> bytes:
    """`data` (a ZIP file of one member) whose headers declare `file_size` bytes unpacked."""
    patched = bytearray(data)
    size = struct.pack("<L", file_size)
    patched[22:26] = size  # the member's local header
    directory = data.rindex(b"PK\x01\x02")
    patched[directory + 24 : directory + 28] = size  # its entry in the central directory
    return bytes(patched)


def zip_bomb() -> bytes:
    """One member of 100 MB of zeros, about 100 kB packed, its size declared honestly."""
    return _zip_of_zeros(100)


def zip_bomb_declaring_little() -> bytes:
    """The same member, whose headers say it holds 1,000 bytes."""
    return _lying_about_sizes(_zip_of_zeros(100), 1000)


def zip_bomb_as_mimetype() -> bytes:
    """An OpenDocument-like file whose `mimetype` member unpacks to 100 MB and declares 46 bytes."""
    return _lying_about_sizes(_zip_of_zeros(100, name="mimetype"), 46)


def zip_declaring_gigabytes() -> bytes:
    """A small member whose headers say it holds 4 GB."""
    return _lying_about_sizes(zip_bytes(), 0xFFFFFFFF)


def zip_of_many_small_bombs() -> bytes:
    """200 members of 512 kB of zeros each: none large enough to be judged alone, 100 MB in all."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(200):
            archive.writestr(f"part-{number}.bin", bytes(MEGABYTE // 2))
    return buffer.getvalue()


def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    packed = [packer.compress(bytes(MEGABYTE)) for _ in range(100)]
    return b"".join([*packed, packer.flush()])


def _tar_of(members: list[tuple[tarfile.TarInfo, int]], mode: str = "w") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode, format=tarfile.PAX_FORMAT) as archive:
        for info, stored in members:
            archive.addfile(info, _Zeros(stored))
    return buffer.getvalue()


def tar_gz_bomb() -> bytes:
    info = tarfile.TarInfo("data.bin")
    info.size = 100 * MEGABYTE
    return _tar_of([(info, info.size)], mode="w:gz")


def tar_with_a_sparse_member_declaring_gigabytes() -> bytes:
    """A GNU sparse member (PAX 0.1) storing 512 bytes and declaring 100 GB once unpacked."""
    info = tarfile.TarInfo("disk.img")
    info.size = 512
    info.pax_headers = {"GNU.sparse.map": "0,512", "GNU.sparse.size": str(100 * 1024**3)}
    return _tar_of([(info, 512)])


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT.content_type, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def tar_bytes(mode: str = "w") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        content = "région;valeur\n".encode() * 1000
        info = tarfile.TarInfo("données/mesures.csv")
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def gzip_bytes() -> bytes:
    # Two gzip streams one after the other, then zeros, as some tools write them: still one gzip file.
    first = zlib.compressobj(6, zlib.DEFLATED, 31)
    second = zlib.compressobj(6, zlib.DEFLATED, 31)
    return (
        first.compress(b"a;b\n" * 1000)
        + first.flush()
        + second.compress(b"1;2\n" * 1000)
        + second.flush()
        + bytes(512)
    )


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (zip_bomb, "donnees.zip", "expands more than 100 times"),
        (zip_bomb_declaring_little, "donnees.zip", "holds more than its header declares"),
        (zip_bomb_as_mimetype, "rapport.odt", "holds more than its header declares"),
        (zip_declaring_gigabytes, "donnees.zip", "would take more than 2 GB"),
        (zip_of_many_small_bombs, "donnees.zip", "expands more than 100 times"),
        (gzip_bomb, "donnees.gz", "expands more than 100 times"),
        (tar_gz_bomb, "donnees.tar.gz", "expands more than 100 times"),
        (tar_with_a_sparse_member_declaring_gigabytes, "disque.tar", "would take more than 2 GB"),
    ],
)
def test_it_refuses_an_archive_bomb_quickly_and_with_little_memory(make, name, message):
    content = make()
    assert len(content) < 2 * MEGABYTE  # small on disk, hundreds of megabytes or more unpacked
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FileRefused, match=message):
            check_upload(io.BytesIO(content), name, len(content))
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, elapsed
    assert peak < 32 * MEGABYTE, peak


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (docx_bytes, "rapport.docx", DOCX),
        (xlsx_bytes, "mesures.xlsx", XLSX),
        (odt_bytes, "rapport.odt", ODT),
        (zip_bytes, "donnees.zip", ZIP),
        (tar_bytes, "donnees.tar", TAR),
        (lambda: tar_bytes("w:gz"), "donnees.tar.gz", GZIP),
        (gzip_bytes, "mesures.csv.gz", GZIP),
    ],
)
def test_it_accepts_usual_documents_and_archives(make, name, expected):
    content = make()
    checked = check_upload(io.BytesIO(content), name, len(content))
    assert checked.content_type == expected.content_type


def test_it_refuses_an_archive_of_too_many_files_before_reading_its_whole_directory(monkeypatch):
    monkeypatch.setattr(archives, "ARCHIVE_MAX_MEMBERS", 50)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(51):
            archive.writestr(f"image-{number}.png", b"")
    read_directory = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: read_directory.append(self))
    with pytest.raises(FileRefused, match="holds more than 50 files"):
        check_upload(buffer, "images.zip", len(buffer.getvalue()))
    assert not read_directory


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (zip_bytes()[:-30], "donnees.zip", "This ZIP file is damaged"),
        (gzip_bytes()[:30], "donnees.gz", "This gzip file is damaged"),
        (tar_bytes()[:1000], "donnees.tar", "This tar file is damaged"),
    ],
    ids=["zip", "gzip", "tar"],
)
def test_it_refuses_a_damaged_archive(content, name, message):
    with pytest.raises(FileRefused, match=message):
        check_upload(io.BytesIO(content), name, len(content))


@pytest.mark.parametrize("make", [zip_bomb, zip_bomb_declaring_little, gzip_bomb, tar_gz_bomb])
def test_it_refuses_an_uploaded_archive_bomb_with_a_clear_message_and_keeps_nothing(
    make, manager_a, institute_a, private_files
):
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    name = {gzip_bomb: "donnees.gz", tar_gz_bomb: "donnees.tgz"}.get(make, "donnees.zip")
    response = _upload(client_for(manager_a), deliverable, name, make())
    assert "The file was not kept" in response.text
    assert "archive" in response.text
    assert not DeliverableVersion.objects.exists()
    assert not [path for path in private_files.rglob("*") if path.is_file()]


def test_it_measures_an_archive_uploaded_to_a_temporary_file_and_keeps_it(
    manager_a, institute_a, private_files
):
    chance = random.Random(7)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("images/photos.bin", chance.randbytes(3 * MEGABYTE))  # Django keeps 2.5 MB in memory
        archive.writestr(
            "mesures.csv", "".join(f"{row};{chance.gauss(20, 5):.2f}\n" for row in range(100_000))
        )
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    response = _upload(client_for(manager_a), deliverable, "donnees.zip", buffer.getvalue())
    assert "Version 1 was uploaded." in response.text
    stored = [path for path in private_files.rglob("*") if path.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == buffer.getvalue()
