"""Loading the reference facts the platform ships with: taxonomies, the 12 regions and the known institutes.

Every file is read and checked before anything is written. A malformed row stops the load with the file,
the line and the reason, and the database is left as it was. Loading the same files twice changes nothing
(no new rows, no new history).
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction

from jazari.core.models import Skill, Theme
from jazari.network.models import Institute, InstitutePartnership, Organisation, Region

NETWORK_DATA = Path(__file__).resolve().parent / "data"
CORE_DATA = Path(__file__).resolve().parent.parent / "core" / "data"

REGION_CODE = re.compile(r"^MA-(0[1-9]|1[0-2])$")

# The reference file says what the press said; "announced" is the first step of our status scale.
STATUS_FROM_SOURCE = {
    "announced": Institute.Status.PLANNED,
    "planned": Institute.Status.PLANNED,
    "agreement_signed": Institute.Status.AGREEMENT_SIGNED,
    "launched": Institute.Status.LAUNCHED,
    "operational": Institute.Status.OPERATIONAL,
    "closed": Institute.Status.CLOSED,
}

# Focus areas as announced → the shared theme taxonomy (phrases without a clear theme map to none).
THEME_KEYWORDS = {
    "agriculture": "agriculture",
    "energy": "energy",
    "renewable": "energy",
    "hydrogen": "energy",
    "smart grids": "energy",
    "health": "health",
    "tourism": "tourism",
    "blue economy": "blue_economy",
    "desalination": "water",
    "e-administration": "public_administration",
    "public services": "public_administration",
    "rural": "rural_mountain",
    "sporting": "major_events_sport",
    "language": "languages_culture",
    "industr": "industry",
    "robotics": "industry",
    "predictive maintenance": "industry",
    "digital skills": "education",
}

ORGANISATION_KIND_KEYWORDS = [
    ("universit", Organisation.Kind.UNIVERSITY),
    ("ministry", Organisation.Kind.PUBLIC_ADMINISTRATION),
    ("regional council", Organisation.Kind.REGIONAL_COUNCIL),
    ("mtnra", Organisation.Kind.PUBLIC_ADMINISTRATION),
    ("mistral ai", Organisation.Kind.COMPANY),
]


class ReferenceDataError(ValueError):
    """A reference file that cannot be loaded, with where and why."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path.name}, line {line}: {reason}")


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], label: str) -> None:
        bucket[label] = bucket.get(label, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ReferenceDataError(path, 0, "the file is missing")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(path, 1, f"missing column(s): {', '.join(missing)}")
        rows = []
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise ReferenceDataError(path, reader.line_num, "wrong number of cells")
            rows.append((reader.line_num, {key: value.strip() for key, value in row.items()}))
        return rows


def _required(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = row[column]
    if not value:
        raise ReferenceDataError(path, line, f"{column} is empty")
    return value


def _decimal(path: Path, line: int, row: dict[str, str], column: str, bound: int) -> Decimal:
    try:
        value = Decimal(row[column])
    except InvalidOperation:
        raise ReferenceDataError(path, line, f"{column} is not a number: {row[column]!r}") from None
    if not -bound <= value <= bound:
        raise ReferenceDataError(path, line, f"{column} is out of range: {value}")
    return value


def parse_taxonomy(path: Path) -> list[dict[str, Any]]:
    parsed, seen = [], set()
    for line, row in _rows(path, ["code", "name_fr", "name_ar", "name_en", "name_zgh"]):
        code = _required(path, line, row, "code")
        if not re.fullmatch(r"[a-z0-9_]+", code):
            raise ReferenceDataError(path, line, f"code {code!r} may only hold a-z, 0-9 and _")
        if code in seen:
            raise ReferenceDataError(path, line, f"code {code!r} appears twice")
        seen.add(code)
        _required(path, line, row, "name_fr")
        parsed.append({key: row[key] for key in ("code", "name_fr", "name_ar", "name_en", "name_zgh")})
    return parsed


def parse_regions(path: Path) -> list[dict[str, Any]]:
    columns = ["code", "name_fr", "name_ar", "name_en", "name_zgh", "capital", "capital_lat", "capital_lon"]
    parsed, seen = [], set()
    for line, row in _rows(path, [*columns, "population_2024"]):
        code = _required(path, line, row, "code")
        if not REGION_CODE.match(code):
            raise ReferenceDataError(path, line, f"code {code!r} is not a region code MA-01 … MA-12")
        if code in seen:
            raise ReferenceDataError(path, line, f"region {code} appears twice")
        seen.add(code)
        for column in ("name_fr", "name_ar", "capital"):
            _required(path, line, row, column)
        raw_population = row["population_2024"]
        if not raw_population.isdigit() or int(raw_population) == 0:
            raise ReferenceDataError(
                path, line, f"population_2024 is not a positive whole number: {raw_population!r}"
            )
        values: dict[str, Any] = {column: row[column] for column in columns}
        values["capital_lat"] = _decimal(path, line, row, "capital_lat", 90)
        values["capital_lon"] = _decimal(path, line, row, "capital_lon", 180)
        values["population_2024"] = int(raw_population)
        parsed.append(values)
    if len(seen) != 12:
        raise ReferenceDataError(path, 0, f"expected the 12 regions, found {len(seen)}")
    return parsed


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


def _themes_for(focus: list[str]) -> list[str]:
    codes = []
    for phrase in focus:
        for keyword, code in THEME_KEYWORDS.items():
            if keyword in phrase.lower() and code not in codes:
                codes.append(code)
    return codes


def organisation_kind(name: str) -> str | None:
    """The kind of a named partner, or None when the entry names a group rather than one organisation."""
    if not name[:1].isupper():
        return None
    lowered = name.lower()
    for keyword, kind in ORGANISATION_KIND_KEYWORDS:
        if keyword in lowered:
            return kind
    return Organisation.Kind.OTHER


def parse_institutes(path: Path, region_codes: set[str]) -> list[dict[str, Any]]:
    columns = [
        "slug",
        "name_fr",
        "kind",
        "region",
        "city",
        "status",
        "status_date",
        "themes",
        "partners",
        "source",
    ]
    parsed, seen = [], set()
    for line, row in _rows(path, columns):
        slug = _required(path, line, row, "slug")
        if not re.fullmatch(r"[a-z0-9-]+", slug) or slug in seen:
            raise ReferenceDataError(path, line, f"slug {slug!r} is malformed or appears twice")
        seen.add(slug)
        if row["kind"] not in Institute.Kind.values:
            raise ReferenceDataError(
                path, line, f"kind {row['kind']!r} is not one of {', '.join(Institute.Kind.values)}"
            )
        if row["region"] not in region_codes:
            raise ReferenceDataError(path, line, f"region {row['region']!r} is not a known region code")
        if row["status"] not in STATUS_FROM_SOURCE:
            raise ReferenceDataError(path, line, f"status {row['status']!r} is unknown")
        try:
            status_date = date.fromisoformat(row["status_date"]) if row["status_date"] else None
        except ValueError:
            raise ReferenceDataError(
                path, line, f"status_date {row['status_date']!r} is not a date YYYY-MM-DD"
            ) from None
        focus = _split(row["themes"])
        parsed.append(
            {
                "slug": slug,
                "name_fr": _required(path, line, row, "name_fr"),
                "kind": row["kind"],
                "region": row["region"],
                "city": _required(path, line, row, "city"),
                "status": STATUS_FROM_SOURCE[row["status"]],
                "status_date": status_date,
                "focus": "\n".join(focus),
                "themes": _themes_for(focus),
                "partners": _split(row["partners"]),
                "source_url": row["source"],
            }
        )
    return parsed


def upsert(
    report: LoadReport,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    label: str | None = None,
) -> Any:
    """Create the row, or update it only where a value differs, so an unchanged load writes nothing (and
    adds no history). Counted in `report` under `label`, the model's name unless given."""
    label = label or model._meta.model_name or model.__name__
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.count(report.created, label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(report.updated, label)
    return obj


def load_reference(network_dir: Path = NETWORK_DATA, core_dir: Path = CORE_DATA) -> LoadReport:
    """Check every reference file, then write them all in one transaction."""
    themes = parse_taxonomy(core_dir / "themes.csv")
    skills = parse_taxonomy(core_dir / "skills.csv")
    regions = parse_regions(network_dir / "regions.csv")
    institutes = parse_institutes(network_dir / "institutes.csv", {row["code"] for row in regions})

    report = LoadReport()
    with transaction.atomic():
        for model, rows in ((Theme, themes), (Skill, skills)):
            for row in rows:
                upsert(report, model, {"code": row["code"]}, {k: v for k, v in row.items() if k != "code"})
        region_by_code = {
            row["code"]: upsert(
                report, Region, {"code": row["code"]}, {k: v for k, v in row.items() if k != "code"}
            )
            for row in regions
        }
        theme_by_code = {theme.code: theme for theme in Theme.objects.all()}
        hub = None
        for row in sorted(institutes, key=lambda item: item["kind"] != Institute.Kind.HUB):
            values = {k: v for k, v in row.items() if k not in {"slug", "themes", "partners"}}
            values["region"] = region_by_code[row["region"]]
            values["parent"] = hub if row["kind"] != Institute.Kind.HUB else None
            institute = upsert(report, Institute, {"slug": row["slug"]}, values)
            if row["kind"] == Institute.Kind.HUB:
                hub = institute
            wanted = {theme_by_code[code].pk for code in row["themes"]}
            if set(institute.themes.values_list("pk", flat=True)) != wanted:
                institute.themes.set(wanted)
                report.count(report.updated, "institute themes")
            _load_partners(report, institute, row["partners"])
    return report


def _load_partners(report: LoadReport, institute: Institute, partners: list[str]) -> None:
    for name in partners:
        kind = organisation_kind(name)
        if kind is None:
            continue  # a group ("12 ministerial departments"), kept in the source, not as one organisation
        region = institute.region if kind == Organisation.Kind.REGIONAL_COUNCIL else None
        organisation = upsert(report, Organisation, {"name": name, "region": region}, {"kind": kind})
        upsert(report, InstitutePartnership, {"institute": institute, "organisation": organisation}, {})
