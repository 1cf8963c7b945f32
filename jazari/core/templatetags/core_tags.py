from typing import Any

from django import template
from django.utils.html import format_html

from jazari.core.i18n import localized

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced: keeps filters when paging or sorting."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return str(query.urlencode())


@register.filter
def localized_name(obj: object, field: str = "name") -> str:
    return localized(obj, field)


@register.filter
def bdi(value: object) -> str:
    """Text someone wrote, escaped and isolated in `<bdi>`, for a translated sentence that names it
    (`{% blocktranslate with name=obj|bdi %}`): its direction never leaks into the sentence around it."""
    return format_html("<bdi>{}</bdi>", value)
