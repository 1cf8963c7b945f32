from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jazari.indicators.reference import TargetFileError, load_indicators


class Command(BaseCommand):
    help = "Load the five priorities, the declared indicators and their national and regional targets."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_indicators()
        except TargetFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if not report.changed:
            self.stdout.write("Indicators already up to date: nothing changed.")
            return
        for verb, counts in (("created", report.created), ("updated", report.updated)):
            for label, number in sorted(counts.items()):
                self.stdout.write(f"{verb} {number} {label}")
        self.stdout.write(self.style.SUCCESS("Indicators loaded."))
