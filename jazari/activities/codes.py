"""Certificate verification codes with a check character, so a mistyped code is refused before any lookup.

A code is 10 random characters of Crockford's base-32 alphabet (no I, L, O, U: nothing to confuse with 1, 0
or V) followed by one check character computed with the Luhn mod N algorithm (N = 32), written in groups:
`JZ-XXXXX-XXXXX-C`. Luhn mod N catches every single mistyped character and every swap of two neighbours.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
BODY_LENGTH = 10
PREFIX = "JZ"
# People type O for 0, I or L for 1: read them as meant.
TYPING_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_character(body: str) -> str:
    """The Luhn mod 32 check character of `body`."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return format_code(body + check_character(body))


def format_code(raw: str) -> str:
    return f"{PREFIX}-{raw[:5]}-{raw[5:10]}-{raw[10:]}"


def normalize_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a valid code (wrong check character)."""
    raw = re.sub(r"[\s\-]", "", text.upper())
    if raw.startswith(PREFIX):
        raw = raw[len(PREFIX) :]
    raw = raw.translate(TYPING_FIXES)
    if len(raw) != BODY_LENGTH + 1 or any(char not in ALPHABET for char in raw):
        return None
    if check_character(raw[:-1]) != raw[-1]:
        return None
    return format_code(raw)
