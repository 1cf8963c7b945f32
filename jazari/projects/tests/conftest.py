import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import translation

from jazari.projects.models import DeliverableVersion


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Deliverable files of a test go to a folder of their own, removed afterwards."""
    folder = tmp_path / "private"
    folder.mkdir()
    field = DeliverableVersion._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder, base_url=None))
    return folder


@pytest.fixture(autouse=True)
def _english():
    """Services answer in the active language; these tests read their messages in English (pages and API
    calls choose their own language from the address or the request)."""
    with translation.override("en"):
        yield
