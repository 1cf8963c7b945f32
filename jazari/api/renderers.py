"""The JSON of every API answer, written by pydantic's serializer.

django-ninja validates an answer with its pydantic schema, then writes it with the standard library's
encoder, which calls back into Python for every identifier, date and lazy text. pydantic's own serializer
writes the same JSON natively and several times faster; whatever it does not know (a lazy translation in an
error message) goes through the encoder django-ninja would have used. Dates and times come out in RFC 3339
form (`2026-11-26T07:00:00.123456Z`), UUIDs as text, and text in UTF-8 without escapes.
"""

from typing import Any

import pydantic_core
from django.http import HttpRequest
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

_ENCODER = NinjaJSONEncoder()


class FastJSONRenderer(JSONRenderer):
    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return pydantic_core.to_json(data, fallback=_ENCODER.default)
