"""The uploaded file, kept between the preview and the confirmation.

A file is kept in the storage under `imports/<random>.dat`, a name no one can guess and no page links to;
the user's session holds its name and its SHA-256, and the file is read back only if it is unchanged. It is
deleted once imported, and the files of previews never confirmed after a day (`import_files_clean`).
"""

import hashlib
import io
import secrets
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

STORAGE_FOLDER = "imports"


def import_file_store(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; its name in the storage (random, not guessable)."""
    return default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.dat", io.BytesIO(data))


def import_file_read(name: str, sha256: str) -> bytes | None:
    """The kept file, or None when it is gone or is no longer the file that was checked."""
    if not name.startswith(f"{STORAGE_FOLDER}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as kept:
        data = kept.read()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def import_file_delete(name: str) -> None:
    if name.startswith(f"{STORAGE_FOLDER}/"):
        default_storage.delete(name)


def import_files_clean(*, older_than_hours: int = 24) -> int:
    """Delete the files of previews that were never confirmed; how many."""
    try:
        _folders, names = default_storage.listdir(STORAGE_FOLDER)
    except FileNotFoundError:
        return 0
    limit = timezone.now() - timedelta(hours=older_than_hours)
    removed = 0
    for name in names:
        path = f"{STORAGE_FOLDER}/{name}"
        if name.endswith(".dat") and default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            removed += 1
    return removed
