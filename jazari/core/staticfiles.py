"""Static files from npm packages: only the files the pages use, never a package's whole folder.

`settings.VENDOR_STATIC_FILES` maps a prefix of `STATICFILES_DIRS` to the patterns of the files it may serve.
A package's other files (swagger-ui-dist's demo `index.html`, which would fetch an example from another
host; READMEs; unused builds) are then neither found, served, nor collected.
"""

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.files.storage import Storage


def vendor_file_allowed(path: str) -> bool:
    """Whether the static file at `path` ("vendor/htmx/htmx.min.js") may be served. Paths outside the
    listed prefixes (our own files) are not restricted here."""
    for prefix, patterns in settings.VENDOR_STATIC_FILES.items():
        if path.startswith(f"{prefix}/"):
            rest = path.removeprefix(f"{prefix}/")
            return any(fnmatchcase(rest, pattern) for pattern in patterns)
    return True


class VendorFinder(FileSystemFinder):
    """Django's finder of `STATICFILES_DIRS`, limited to the files `VENDOR_STATIC_FILES` allows."""

    def find_location(self, root: str, path: str, prefix: str | None = None) -> str | None:
        if not vendor_file_allowed(path):
            return None
        return super().find_location(root, path, prefix)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, Storage]]:
        for path, storage in super().list(ignore_patterns):
            prefix = getattr(storage, "prefix", None)
            if vendor_file_allowed(f"{prefix}/{path}" if prefix else path):
                yield path, storage
