from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jazari.network.reference import CORE_DATA, NETWORK_DATA, ReferenceDataError, load_reference


class Command(BaseCommand):
    help = "Load the reference facts (themes, skills, the 12 regions, the known institutes). Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=NETWORK_DATA,
            help="folder holding regions.csv and institutes.csv",
        )
        parser.add_argument(
            "--taxonomies", type=Path, default=CORE_DATA, help="folder holding themes.csv and skills.csv"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference(options["directory"], options["taxonomies"])
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if not report.changed:
            self.stdout.write("Reference data already up to date: nothing changed.")
            return
        for verb, counts in (("created", report.created), ("updated", report.updated)):
            for label, number in sorted(counts.items()):
                self.stdout.write(f"{verb} {number} {label}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
