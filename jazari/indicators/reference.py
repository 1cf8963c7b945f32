"""Loading the five priorities, the declared indicators and the national targets of `data/targets.csv`.

The file is read and checked before anything is written; a bad row stops the load with its line and the
reason. Loading twice changes nothing. Regional targets of the indicators that add up default to the
national target times the region's share of the 2024 population; the hub may edit them, and an edited one
is never overwritten.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation

from jazari.indicators.models import Indicator, Priority, ScopeKind, Target
from jazari.indicators.registry import IndicatorSpec, registered
from jazari.network.models import Region
from jazari.network.reference import LoadReport, ReferenceDataError, upsert

DATA = Path(__file__).resolve().parent / "data"
TARGETS_FILE = DATA / "targets.csv"
TARGET_COLUMNS = ["code", "priority", "target_value", "target_year", "scope", "source"]
POPULATION_SHARE_SOURCE = "population share (2024 census) of the national target"

# The reference file names two indicators differently from the platform.
INDICATOR_FOR_TARGET = {"people_trained_ai": "people_trained", "regions_covered": "regions_with_institute"}

PRIORITIES = [
    (Priority.Code.INDEPENDENCE, "Indépendance technologique", "الاستقلال التكنولوجي", "Technological independence"),  # noqa: E501
    (Priority.Code.TRUST, "Confiance dans les usages de l'IA", "الثقة في استخدامات الذكاء الاصطناعي", "Trust in AI uses"),  # noqa: E501
    (Priority.Code.SKILLS, "Compétences nationales", "الكفاءات الوطنية", "National skills"),
    (Priority.Code.LOCAL_INNOVATION, "Innovation locale", "الابتكار المحلي", "Local innovation"),
    (Priority.Code.TERRITORIAL_BALANCE, "Couverture territoriale équilibrée", "التغطية الترابية المتوازنة", "Balanced territorial coverage"),  # noqa: E501
]  # fmt: skip


class TargetFileError(ReferenceDataError):
    """A targets file that cannot be loaded, with where and why."""


def parse_targets(path: Path, known: set[str]) -> list[dict[str, Any]]:
    """The national targets of the reference file, checked row by row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in TARGET_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise TargetFileError(path, 1, f"missing columns: {', '.join(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            code = INDICATOR_FOR_TARGET.get(row["code"].strip(), row["code"].strip())
            if code not in known:
                raise TargetFileError(path, line, f"no indicator is declared with the code {code!r}")
            if row["scope"].strip() != ScopeKind.NATIONAL:
                raise TargetFileError(path, line, "only national targets come from this file")
            try:
                value = Decimal(row["target_value"].strip())
                year = int(row["target_year"].strip())
            except (InvalidOperation, ValueError):
                raise TargetFileError(path, line, "the value and the year must be numbers") from None
            if not 2026 <= year <= 2100:
                raise TargetFileError(path, line, f"the target year {year} is not after the roadmap's launch")
            if not row["source"].strip():
                raise TargetFileError(path, line, "every target needs its source")
            rows.append(
                {
                    "code": code,
                    "value": value,
                    "year": year,
                    "source": row["source"].strip(),
                    "note": row.get("note", "").strip(),
                }
            )
        return rows


def _in_languages(text: Any) -> dict[str, str]:
    values = {}
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            values[language] = str(text)
    return values


def _indicator_values(spec: IndicatorSpec, priority: Priority, position: int) -> dict[str, Any]:
    names = _in_languages(spec.name)
    definitions = _in_languages(spec.definition)
    return {
        "priority": priority,
        "position": position,
        "unit": spec.unit,
        "direction": spec.direction,
        "kind": spec.kind,
        "breakdowns": list(spec.breakdowns),
        "counts_people": spec.counts_people,
        "is_public": spec.public,
        **{f"name_{code}": value for code, value in names.items()},
        **{f"definition_{code}": value for code, value in definitions.items()},
    }


def regional_share(national: Decimal, population: int, total: int) -> Decimal:
    """The region's share of a national target, in whole units."""
    return (national * population / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def load_indicators(targets_file: Path = TARGETS_FILE) -> LoadReport:
    """Write the priorities, the declared indicators and their targets; safe to run again."""
    specs = registered()
    targets = parse_targets(targets_file, {spec.code for spec in specs})
    report = LoadReport()
    with transaction.atomic():
        priorities = {}
        for position, (code, name_fr, name_ar, name_en) in enumerate(PRIORITIES, start=1):
            priorities[code.value] = upsert(
                report,
                Priority,
                {"code": code},
                {"position": position, "name_fr": name_fr, "name_ar": name_ar, "name_en": name_en},
                label="priorities",
            )
        indicators = {}
        for position, spec in enumerate(specs, start=1):
            indicators[spec.code] = upsert(
                report,
                Indicator,
                {"code": spec.code},
                _indicator_values(spec, priorities[spec.priority], position),
                label="indicators",
            )
        regions = list(Region.objects.order_by("code"))
        population = sum(region.population_2024 for region in regions)
        shared = {spec.code for spec in specs if spec.regional_share}
        for row in targets:
            indicator = indicators[row["code"]]
            upsert(
                report,
                Target,
                {"indicator": indicator, "scope_kind": ScopeKind.NATIONAL, "year": row["year"]},
                {"value": row["value"], "source": row["source"], "note": row["note"]},
                label="national targets",
            )
            if row["code"] not in shared or not population:
                continue
            for region in regions:
                lookup = {
                    "indicator": indicator,
                    "scope_kind": ScopeKind.REGION,
                    "region": region,
                    "year": row["year"],
                }
                existing = Target.objects.filter(**lookup).first()
                if existing is not None and not existing.is_population_share:
                    continue  # edited by the hub: theirs to keep
                upsert(
                    report,
                    Target,
                    lookup,
                    {
                        "value": regional_share(row["value"], region.population_2024, population),
                        "source": POPULATION_SHARE_SOURCE,
                        "is_population_share": True,
                    },
                    label="regional targets",
                )
    return report
