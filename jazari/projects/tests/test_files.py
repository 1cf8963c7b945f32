"""Deliverable uploads: the type is read from the content, the size is limited by a setting, and a refused
file leaves nothing behind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jazari.conftest import client_for
from jazari.projects.files import DOCX, PDF, TEXT, XLSX, ZIP, FileRefused, check_upload, detect
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
