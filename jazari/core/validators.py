"""Checks on text that every app shares."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The invisible characters that change the direction of the text around them: embeddings and overrides
# (U+202A to U+202E) and isolates (U+2066 to U+2069).
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def validate_no_direction_controls(value: str) -> None:
    """Refuse direction controls in a name, a title, a code or an email address.

    In such short text they serve only to make it display as something it is not ("‮fdp.exe" shows as
    "exe.pdf"). Pages isolate what people write, so right-to-left and left-to-right text mix safely without
    them."""
    if value and DIRECTION_CONTROLS.search(str(value)):
        raise ValidationError(
            _(
                "Remove the invisible direction-control characters (U+202A to U+202E, U+2066 to U+2069) from "
                "this text: they make it display differently from what it is."
            ),
            code="direction_controls",
        )


PLAIN_TEXT = [validate_no_direction_controls]
