from typing import Any

from django import template

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
