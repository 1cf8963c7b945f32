"""How the API reads a request's body, for every operation at once (django-ninja's parser).

- An operation with a JSON body takes `application/json` (or a `+json` type) only, and the body must be one
  JSON object: anything else is refused before the operation's schema sees it, with 415 (another type) or
  400 (not readable JSON, not an object).
- An operation with a form takes form data only (`multipart/form-data`, or
  `application/x-www-form-urlencoded` when it takes no file), otherwise 415; form data that cannot be read
  (a multipart body without its boundary) is a 400 (`jazari.api.errors`).
- Text that no database can store — an unpaired UTF-16 surrogate (`"\\ud83d"` alone, which JSON allows) or a
  null character — is refused wherever it is in the body, as a 422 that names the field (`["body", "city"]`,
  `["body", "themes", 0]`), instead of failing on saving or on writing the answer.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja.parser import Parser

from jazari.api.errors import RequestRefused

JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
# After decoding, a well-formed pair of escapes is one character: any surrogate left is unpaired.
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = _lazy("This text holds a null character or an unpaired surrogate, which are not text.")


def _readable(text: str) -> str:
    """`text` with unpaired surrogates written as escapes, so that an error message can be encoded."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def unstorable_text(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """The location of every text in a decoded JSON value (a key too) that holds an unstorable character."""
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if UNSTORABLE.search(key):
                yield (*loc, _readable(key))
            else:
                yield from unstorable_text(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_text(item, (*loc, index))


class JazariParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # django-ninja answers any error raised here with a 400 of its own; `jazari.api.errors` answers a
        # `RequestRefused` it caused with the refusal's own status and details instead.
        if not JSON_TYPES.match(request.content_type or ""):
            raise RequestRefused(
                415,
                _("This operation takes a JSON body: send it with Content-Type: application/json."),
            )
        try:
            data = json.loads(request.body)
        except UnicodeDecodeError:
            raise RequestRefused(400, _("The body is not UTF-8 text.")) from None
        except json.JSONDecodeError as error:
            raise RequestRefused(
                400,
                _("The body is not readable JSON (line %(line)s, column %(column)s).")
                % {"line": error.lineno, "column": error.colno},
            ) from None
        if not isinstance(data, dict):
            raise RequestRefused(400, _("The body must be a JSON object, one member for each field."))
        problems = list(unstorable_text(data, ("body",)))
        if problems:
            raise RequestRefused(
                422,
                _("The request is not valid; see the details."),
                [{"loc": list(loc), "message": UNSTORABLE_MESSAGE} for loc in problems],
            )
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        # The query string is read here too; form data and files are the body.
        if data is request.GET:
            return super().parse_querydict(data, list_fields, request)
        # Files come in a multipart body only.
        accepted = {"multipart/form-data"} if data is request.FILES else FORM_TYPES
        if request.content_type not in accepted:
            raise RequestRefused(415, _("This operation takes form data: send it as multipart/form-data."))
        problems = [
            ("form", name)
            for name, values in data.lists()
            if any(isinstance(value, str) and UNSTORABLE.search(value) for value in values)
        ]
        if problems:
            raise RequestRefused(
                422,
                _("The request is not valid; see the details."),
                [{"loc": list(loc), "message": UNSTORABLE_MESSAGE} for loc in problems],
            )
        return super().parse_querydict(data, list_fields, request)
