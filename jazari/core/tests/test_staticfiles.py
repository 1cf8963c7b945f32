"""Only the files the pages use are served from the npm packages."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from jazari.core.staticfiles import vendor_file_allowed

JAZARI = Path(__file__).resolve().parents[2]
VENDOR_REFERENCE = re.compile(r"""["'](vendor/[\w./-]+\.(?:js|css))["']""")


def referenced_vendor_files() -> set[str]:
    found = set()
    for source in [*JAZARI.rglob("*.html"), *JAZARI.rglob("*.py"), *JAZARI.rglob("*.js")]:
        if "tests" in source.parts:
            continue
        found.update(VENDOR_REFERENCE.findall(source.read_text(encoding="utf-8")))
    return found


def test_every_vendor_file_the_pages_name_is_found() -> None:
    referenced = referenced_vendor_files()
    assert "vendor/htmx/htmx.min.js" in referenced
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in referenced
    for path in referenced:
        assert finders.find(path), path


@pytest.mark.parametrize(
    "path",
    [
        "vendor/swagger-ui/index.html",
        "vendor/swagger-ui/swagger-initializer.js",
        "vendor/swagger-ui/package.json",
        "vendor/bootstrap/js/bootstrap.js",
        "vendor/htmx/htmx.js",
    ],
)
def test_other_package_files_are_not_found(path: str) -> None:
    assert not vendor_file_allowed(path)
    assert finders.find(path) is None


def test_our_own_files_are_not_restricted() -> None:
    assert vendor_file_allowed("jazari/site.css")
    assert vendor_file_allowed("vendorish/file.js")


def test_collectstatic_copies_only_the_allowed_package_files(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    swagger = sorted(path.name for path in (tmp_path / "vendor" / "swagger-ui").iterdir())
    assert swagger == [
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.map",
        "swagger-ui.css",
        "swagger-ui.css.map",
    ]
    assert (tmp_path / "vendor" / "htmx" / "htmx.min.js").exists()
    assert not (tmp_path / "vendor" / "htmx" / "htmx.js").exists()
