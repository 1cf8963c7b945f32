"""How django-axes recognises the account a failed login was aimed at (we log in by email)."""

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or request.POST.get("login")
    return str(name).strip().lower() if name else None
