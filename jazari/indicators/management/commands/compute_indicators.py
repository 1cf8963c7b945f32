from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jazari.indicators.periods import InvalidQuarter, Quarter
from jazari.indicators.services import observations_compute


class Command(BaseCommand):
    help = "Compute and store every computed indicator of a quarter (the last finished one by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="the quarter, as YYYY-Qn (e.g. 2026-Q3)")
        parser.add_argument("--back", type=int, default=1, help="also the N-1 quarters before it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = Quarter.parse(options["quarter"]) if options["quarter"] else Quarter.last_finished()
        except InvalidQuarter:
            raise CommandError("Give the quarter as YYYY-Qn, for example 2026-Q3.") from None
        if options["back"] < 1:
            raise CommandError("--back must be 1 or more.")
        for each in quarter.back(options["back"]):
            stored = observations_compute(quarter=each)
            self.stdout.write(f"{each}: {stored} values stored")
