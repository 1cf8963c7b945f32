"""Small-cell suppression (law 09-08): no public figure reveals a group of fewer than 5 people.

Every public output of the indicators — dashboard page, open-data CSV and JSON, API, reports — reads its
values through `public_value`. A figure about people (a count of people, or a value computed from one) is
suppressed when the smallest group of people it would reveal has fewer than `MINIMUM_PEOPLE` members: a
count under 5, or a share whose part or remainder is under 5 (a share of 2 women among 40 would reveal 2
women). A suppressed cell is marked so and never carries the number, nor its numerator or denominator.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MINIMUM_PEOPLE = 5
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class PublicValue:
    """A value as a public output may show it: the number, or only the mark that it was suppressed."""

    value: Decimal | None
    suppressed: bool
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def status(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return "missing" if self.value is None else "ok"

    def as_json(self) -> dict[str, Any]:
        """The JSON form of a cell: `{"value": null, "suppressed": true}` for a suppressed one."""
        return {
            "value": None if self.value is None else format(self.value.normalize(), "f"),
            "suppressed": self.suppressed,
        }


def is_too_small(people: int | None) -> bool:
    return people is not None and people < MINIMUM_PEOPLE


def public_value(
    value: Decimal | None,
    *,
    people: int | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    reveal: bool = False,
) -> PublicValue:
    """The value, or a suppressed cell when it is about fewer than 5 people (unless `reveal`: a signed-in
    user whose role reaches this scope reads the exact figure)."""
    if value is not None and is_too_small(people) and not reveal:
        return PublicValue(value=None, suppressed=True)
    return PublicValue(value=value, suppressed=False, numerator=numerator, denominator=denominator)


def public_observation(observation: Any, *, reveal: bool = False) -> PublicValue:
    if observation is None:
        return PublicValue(value=None, suppressed=False)
    return public_value(
        observation.value,
        people=observation.people,
        numerator=observation.numerator,
        denominator=observation.denominator,
        reveal=reveal,
    )
