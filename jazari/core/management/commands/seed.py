import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jazari.core.seeding import SCALES, run_seed


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic demo data (organisations, people, affiliations) that is the same "
        "for the same scale and seed. Earlier demo data are replaced; real records are never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="how much data: "
            + "; ".join(
                f"{scale.name} = {scale.organisations:,} organisations, {scale.people:,} people"
                for scale in SCALES.values()
            ),
        )
        parser.add_argument("--seed", type=int, default=7, help="the same seed always gives the same data")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed again even when this scale and seed are already present",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Seed the demo data, then say how many rows of each kind were created and how long it took."""
        started = time.monotonic()
        result = run_seed(
            scale_name=options["scale"], seed=options["seed"], force=options["force"], out=self.stdout.write
        )
        if not result.seeded:
            return
        for step, counts in result.counts.items():
            for label, number in counts.items():
                self.stdout.write(f"{step}: {number:,} {label}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data seeded (scale {result.scale.name}, seed {result.seed}) in {elapsed:.1f} s."
            )
        )
