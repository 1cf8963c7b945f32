from typing import Any

from django.core.management.base import BaseCommand

from jazari.needs.services import needs_expire


class Command(BaseCommand):
    help = "Close the open needs whose expiry date has passed without renewal (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = needs_expire()
        self.stdout.write(f"{closed} expired needs closed.")
