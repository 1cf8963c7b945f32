"""The schematic tile map of the 12 regions: where each tile sits, and how a figure picks its colour.

The map is geography, not text: it keeps the same layout in left-to-right and right-to-left pages. Each
region is one square on a small grid, placed roughly where it lies in Morocco (north at the top, the
Atlantic on the left), with no borders drawn, so it is neutral, reads at a glance and prints well.

A figure colours the tiles in five sequential steps: step 0 means "none" (zero), steps 1 to 4 split the
range of the other values, from the smallest to the largest, in equal intervals. The template draws the
SVG; the colours are CSS classes (`tile-step-0` … `tile-step-4`), because the content security policy
forbids inline styles.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jazari.core.i18n import localized

STEPS = 5
TILE_SIZE = 100
TILE_GAP = 6


@dataclass(frozen=True)
class TilePlace:
    """Where a region's tile sits (column and row of the grid) and its short labels by language.

    The short labels are the first place named in the region's own name (its capital in most cases), taken
    from the reference data; an unknown one falls back like every name (see `jazari.core.i18n`).
    """

    column: int
    row: int
    short_fr: str
    short_ar: str
    short_en: str
    short_zgh: str = ""


# North at the top, the Atlantic coast on the left; the three southern regions follow the coast south-west.
LAYOUT: dict[str, TilePlace] = {
    "MA-01": TilePlace(2, 0, "Tanger", "طنجة", "Tangier", "ⵜⴰⵏⵊⴰ"),
    "MA-04": TilePlace(1, 1, "Rabat", "الرباط", "Rabat", "ⵕⵕⴱⴰⵟ"),
    "MA-03": TilePlace(2, 1, "Fès", "فاس", "Fez"),
    "MA-02": TilePlace(3, 1, "Oriental", "الشرق", "Oriental", "ⵜⴰⵎⵏⴰⴹⵜ"),
    "MA-06": TilePlace(1, 2, "Casablanca", "الدار البيضاء", "Casablanca"),
    "MA-05": TilePlace(2, 2, "Béni Mellal", "بني ملال", "Beni Mellal"),
    "MA-07": TilePlace(1, 3, "Marrakech", "مراكش", "Marrakesh", "ⵎⵕⵕⴰⴽⵛ"),
    "MA-08": TilePlace(2, 3, "Drâa", "درعة", "Draa", "ⴷⵔⵄⴰ"),
    "MA-09": TilePlace(1, 4, "Souss", "سوس", "Souss", "ⵙⵓⵙ"),
    "MA-10": TilePlace(0, 5, "Guelmim", "كلميم", "Guelmim", "ⴳⵓⵍⵎⵉⵎ"),
    "MA-11": TilePlace(0, 6, "Laâyoune", "العيون", "Laayoune", "ⵍⵄⵢⵓⵏ"),
    "MA-12": TilePlace(0, 7, "Dakhla", "الداخلة", "Dakhla", "ⴷⴷⴰⵅⵍⴰ"),
}
COLUMNS = max(place.column for place in LAYOUT.values()) + 1
ROWS = max(place.row for place in LAYOUT.values()) + 1


@dataclass(frozen=True)
class Figure:
    """A figure the map can show: its key in `RegionFigures`, its label, and whether it is a whole number."""

    key: str
    label: Promise
    whole: bool = True


FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure("institutes", _("Institutes")),
        Figure("organisations", _("Partner organisations")),
        Figure("experts", _("Experts with a public profile")),
        Figure("per100k", _("Experts per 100,000 inhabitants"), whole=False),
    )
}
DEFAULT_FIGURE = "institutes"


@dataclass(frozen=True)
class RegionFigures:
    """The public figures of one region, as shown on the home page, the region list and the region page."""

    code: str
    name: str
    population: int
    institutes: int
    organisations: int
    experts: int
    capital: str = ""
    url: str = ""

    @property
    def per100k(self) -> Decimal:
        """Experts with a public profile per 100,000 inhabitants (2024 census)."""
        return per_100k(self.experts, self.population)

    @property
    def institutes_per100k(self) -> Decimal:
        return per_100k(self.institutes, self.population)

    @property
    def organisations_per100k(self) -> Decimal:
        return per_100k(self.organisations, self.population)

    def value(self, figure: str) -> int | Decimal:
        value: int | Decimal = getattr(self, FIGURES[figure].key)
        return value


def per_100k(count: int, population: int, places: int = 2) -> Decimal:
    """`count` per 100,000 inhabitants, rounded to `places` decimals (zero when the population is unknown)."""
    if not population:
        return Decimal(0)
    return (Decimal(count) * 100_000 / Decimal(population)).quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True)
class LegendStep:
    step: int
    label: str


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short_label: str
    value_label: str
    step: int
    x: int
    y: int
    url: str

    @property
    def center_x(self) -> int:
        return self.x + TILE_SIZE // 2


@dataclass(frozen=True)
class TileMap:
    figure: Figure
    tiles: list[Tile]
    legend: list[LegendStep]
    width: int = COLUMNS * (TILE_SIZE + TILE_GAP) - TILE_GAP
    height: int = ROWS * (TILE_SIZE + TILE_GAP) - TILE_GAP
    size: int = TILE_SIZE


def step_bounds(values: Iterable[float], steps: int = STEPS) -> tuple[float, list[float]]:
    """Where step 1 starts, and the upper bound of steps 1 … steps-1 (step 0 holds zero).

    The non-zero values are split in equal intervals from the smallest to the largest, so that regions of
    similar size still differ in colour; when they are all equal, from zero, so that they take the darkest.
    """
    positive = [value for value in values if value > 0]
    if not positive:
        return 0.0, []
    low, high = min(positive), max(positive)
    start = low if low < high else 0.0
    width = (high - start) / (steps - 1)
    # Rounded, so that a value on a bound (2.45) is not pushed up by binary floats (2.4499999).
    return start, [round(start + width * index, 9) for index in range(1, steps - 1)] + [high]


def step_of(value: float, bounds: list[float]) -> int:
    if value <= 0:
        return 0
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index
    return len(bounds)


def _format(value: float | Decimal, whole: bool) -> str:
    if whole:
        return number_format(int(value), force_grouping=True)
    return number_format(Decimal(str(value)).quantize(Decimal("0.01")), decimal_pos=2, force_grouping=True)


def legend_for(start: float, bounds: list[float], whole: bool) -> list[LegendStep]:
    """One line per colour a tile can take, as the range of values shown in it (whole numbers, or values
    with two decimals); a step that no such value falls in is left out."""
    unit = Decimal(1) if whole else Decimal("0.01")

    def floor(value: float) -> Decimal:
        return (Decimal(str(value)) / unit).to_integral_value(rounding=ROUND_FLOOR) * unit

    legend = [LegendStep(0, _format(0, whole))]
    first = -floor(-start) if start > 0 else unit  # the smallest value shown in step 1
    for step, bound in enumerate(bounds, start=1):
        upper = floor(bound)
        if first <= upper:
            label = _format(first, whole)
            if first < upper:
                label = f"{label}–{_format(upper, whole)}"
            legend.append(LegendStep(step, label))
        first = floor(bound) + unit
    return legend


def short_label(code: str) -> str:
    place = LAYOUT.get(code)
    return localized(place, "short") if place else code


def tile_map(regions: Iterable[RegionFigures], figure_key: str) -> TileMap:
    """The tiles of the regions that have a place on the grid, coloured by `figure_key`."""
    figure = FIGURES.get(figure_key, FIGURES[DEFAULT_FIGURE])
    placed = [region for region in regions if region.code in LAYOUT]
    start, bounds = step_bounds(float(region.value(figure.key)) for region in placed)
    tiles = []
    for region in placed:
        place = LAYOUT[region.code]
        value = region.value(figure.key)
        tiles.append(
            Tile(
                code=region.code,
                name=region.name,
                short_label=short_label(region.code),
                value_label=_format(value, figure.whole),
                step=step_of(float(value), bounds),
                x=place.column * (TILE_SIZE + TILE_GAP),
                y=place.row * (TILE_SIZE + TILE_GAP),
                url=region.url,
            )
        )
    return TileMap(figure=figure, tiles=tiles, legend=legend_for(start, bounds, figure.whole))
