from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jazari.indicators.periods import InvalidQuarter, Quarter
from jazari.indicators.services import reports_remind


class Command(BaseCommand):
    help = (
        "Email the managers of the institutes whose quarterly report is overdue (at most once a week each)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="the quarter, as YYYY-Qn (the last finished one by default)")
        parser.add_argument(
            "--base-url", default="", help="the platform's address, for the link in the email (https://...)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = Quarter.parse(options["quarter"]) if options["quarter"] else Quarter.last_finished()
        except InvalidQuarter:
            raise CommandError("Give the quarter as YYYY-Qn, for example 2026-Q3.") from None
        base_url = options["base_url"].rstrip("/")
        sent = reports_remind(quarter=quarter, today=timezone.localdate(), base_url=base_url)
        self.stdout.write(f"{quarter}: {sent} reminders sent")
