from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def platform(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the direction and stylesheet of the active language."""
    bidi = translation.get_language_bidi()
    return {
        "text_direction": "rtl" if bidi else "ltr",
        "bootstrap_css": "vendor/bootstrap/css/bootstrap.rtl.min.css"
        if bidi
        else "vendor/bootstrap/css/bootstrap.min.css",
        "contact_email": settings.JAZARI_CONTACT_EMAIL,
        "language_links": [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "active": code == translation.get_language(),
            }
            for code, _name in settings.LANGUAGES
        ],
    }
