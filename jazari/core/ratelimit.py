"""How often one client may use a public form, counted in the cache that every web process shares.

Each limit allows `limit` uses per client address in a fixed window (an hour for the public forms). A use
takes one numbered slot of the window with the cache's `add`, which only one process can win for a given
slot (an insert into the database cache's table, SETNX in Redis): the limit holds with any number of web
processes and hosts, with no read-then-write race. The cache is Django's default cache: the database by
default, so nothing else needs to run.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from jazari.core.clients import client_address


@dataclass(frozen=True)
class RateLimit:
    """A limit on one public form: `limit()` uses per client address every `window_seconds`."""

    scope: str
    limit: Callable[[], int]  # read when used, so that a changed setting applies at once
    window_seconds: int = 3600

    def _slots(self, request: HttpRequest) -> list[str]:
        window = int(time.time()) // self.window_seconds
        prefix = f"rate:{self.scope}:{client_address(request)}:{window}"
        return [f"{prefix}:{slot}" for slot in range(self.limit())]

    def exhausted(self, request: HttpRequest) -> bool:
        """Whether this client has used every slot of the current window (uses none)."""
        slots = self._slots(request)
        return len(cache.get_many(slots)) >= len(slots)

    def take(self, request: HttpRequest) -> bool:
        """Use one slot of the current window for this client; False when none was left."""
        slots = self._slots(request)
        taken = cache.get_many(slots)
        return any(cache.add(slot, 1, self.window_seconds) for slot in slots if slot not in taken)
