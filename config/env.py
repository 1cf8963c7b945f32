"""Reading settings from the environment, failing at start-up with a clear message on a wrong value."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from a `.env` file; variables already in the environment win."""
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=VALUE, found {line!r}.")
        value = value.strip()
        if value:
            os.environ.setdefault(key.strip(), value.strip("\"'"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def require_secret_key_to_serve() -> None:
    """Called by the WSGI and ASGI entry points: serving without a real secret key is refused."""
    from django.conf import settings

    if settings.SECRET_KEY_IS_PLACEHOLDER and not settings.DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is empty. Set it to a long random string, or DJANGO_DEBUG=true for a demo."
        )
