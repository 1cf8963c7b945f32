"""Names in the four languages and the order in which a missing one falls back.

A reference entity (region, institute, theme, skill) carries `name_fr`, `name_ar`, `name_en` and `name_zgh`.
When the active language has no name, the first non-empty one in this order is shown:
requested language → French → Arabic → English. An empty cell means "unknown", never "invent one".
"""

from django.utils import translation

NAME_LANGUAGES = ("fr", "ar", "en", "zgh")
FALLBACK_ORDER = ("fr", "ar", "en")


def fallback_chain(language: str | None) -> list[str]:
    """The languages to try, in order, for a name asked for in `language`."""
    chain = [language] if language in NAME_LANGUAGES else []
    chain += [code for code in FALLBACK_ORDER if code not in chain]
    return chain


def localized(obj: object, field: str = "name", language: str | None = None) -> str:
    """`obj.<field>_<lang>` in the active (or given) language, falling back as documented above."""
    language = language or translation.get_language() or "fr"
    for code in fallback_chain(language.split("-")[0]):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
