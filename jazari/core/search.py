"""Text normalisation for search, so that a query finds a record however either was typed.

Latin script: case and accents are ignored ("Fès" = "fes"). Arabic script: diacritics (tashkeel) and the
tatweel are removed, the forms of alef, ya and ta marbuta are unified, and the definite article "ال" is
dropped from the start of words, so "مراكز" finds "المراكز" and a query with or without vowel marks finds
the same records. Search matches the start of words in the normalised text.
"""

import re
import unicodedata
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS_FROM = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"}
ARABIC_LETTER_FORMS = re.compile(f"[{''.join(ARABIC_LETTERS_FROM)}]")
ARABIC_ARTICLE = re.compile(r"(?<!\S)(?:و|ب|ف|ك|ل)?ال(?=\S{2,})")
WORD_SEPARATORS = re.compile(r"[\s\-–—_'’.,;:!?()\[\]«»\"/\\]+")


# Every combining mark (what is left of an accent once decomposed) but the Arabic ones, which the letters
# above deal with. Unicode places combining marks only in its first two planes (a test checks it).
COMBINING_MARKS = dict.fromkeys(
    code for code in range(0x20000) if unicodedata.combining(chr(code)) and not 0x0600 <= code <= 0x06FF
)


def normalize(text: str) -> str:
    """The searchable form of `text`: lower case, without accents or Arabic diacritics, one space apart."""
    if not text:
        return ""
    if text.isascii():  # most names and words in Latin script: nothing to decompose
        text = text.lower()
    else:
        text = ARABIC_DIACRITICS.sub("", text)
        text = ARABIC_LETTER_FORMS.sub(lambda found: ARABIC_LETTERS_FROM[found[0]], text)
        text = unicodedata.normalize("NFKD", text.casefold()).translate(COMBINING_MARKS)
    text = WORD_SEPARATORS.sub(" ", text)
    if "ال" in text:  # most text has no article to drop: no need to look for one at every word
        text = ARABIC_ARTICLE.sub("", text)
    return " ".join(text.split())


def search_text(*parts: object) -> str:
    """What a model stores in its `search_text` column: every searchable part, normalised, space separated."""
    return normalize(" ".join(str(part) for part in parts if part))


def search_filter(queryset: QuerySet[M], query: str, field: str = "search_text") -> QuerySet[M]:
    """Rows whose normalised text has a word starting with each word of the query."""
    for word in normalize(query).split():
        queryset = queryset.filter(
            Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
        )
    return queryset
