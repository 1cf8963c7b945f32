"""Quarters, the period of every observation and report: `2026-Q3` runs from 1 July to 30 September 2026.

A figure "as of" a quarter counts what happened before the end of its last day, in the platform's time
zone, so that a figure computed again later for the same quarter gives the same number.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


class InvalidQuarter(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = _PATTERN.match((text or "").strip())
        if match is None:
            raise InvalidQuarter(text)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_finished(cls, today: date | None = None) -> "Quarter":
        """The latest quarter whose last day is over."""
        return cls.containing(today or timezone.localdate()).previous()

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def cutoff(self) -> datetime:
        """The first instant after the quarter, in the platform's time zone."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def back(self, count: int) -> list["Quarter"]:
        """This quarter and the `count - 1` before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters[::-1]
