"""Demo data of the indicators: the priorities, indicators and targets, the computed values of the last
eleven quarters, validated reported values, and quarterly reports of the institutes."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from jazari.core.seeding import Output, Scale, delete_fast, seed_cleanup, seed_step
from jazari.indicators.models import Indicator, InstituteReport, Observation, ScopeKind
from jazari.indicators.periods import Quarter
from jazari.indicators.reference import load_indicators
from jazari.indicators.services import observations_compute
from jazari.network.models import Institute

STEP_ORDER = 90
# The same fixed calendar as the demo activities: the last finished quarter is 2026-Q3.
LAST_QUARTER = Quarter(2026, 3)
QUARTERS = 11
REPORTED = {
    # Indicator → (value at the end of 2025, growth per quarter), as a ministry might report them.
    "ai_jobs": (Decimal(4200), Decimal(900)),
    "startups": (Decimal(410), Decimal(60)),
    "ai_gdp_contribution": (Decimal(6_000_000_000), Decimal(1_500_000_000)),
}
NARRATIVES = [
    "Deux cohortes de formation achevées, un atelier de co-conception avec la région.",
    "Lancement d'un programme en traitement de la darija ; partenariats universitaires renforcés.",
    "Séminaire régional sur l'IA pour l'agriculture ; préparation d'un hackathon.",
]


@seed_step("indicators", order=STEP_ORDER)
def seed_indicators(*, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]:
    load_indicators()
    stored = 0
    for quarter in LAST_QUARTER.back(QUARTERS):
        stored += observations_compute(quarter=quarter)
    out(f"  {stored:,} computed values for {QUARTERS} quarters")
    reported = 0
    for code, (base, growth) in REPORTED.items():
        indicator = Indicator.objects.get(code=code)
        for step, quarter in enumerate(LAST_QUARTER.back(4)):
            value = base + growth * step + Decimal(rng.randint(0, 9)) * growth / 100
            Observation.objects.create(
                indicator=indicator,
                scope_kind=ScopeKind.NATIONAL,
                period=str(quarter),
                value=value.quantize(Decimal(1)),
                kind=Indicator.Kind.REPORTED,
                evidence_note="Rapport trimestriel du ministère (données de démonstration).",
                validated_at=datetime.combine(quarter.end, datetime.min.time(), UTC) + timedelta(days=20),
                is_demo=True,
            )
            reported += 1
    reports = []
    institutes = list(Institute.objects.order_by("slug"))
    for quarter in LAST_QUARTER.back(3):
        for institute in institutes:
            status = rng.choice(list(InstituteReport.Status.values) + [InstituteReport.Status.VALIDATED] * 2)
            reports.append(
                InstituteReport(
                    institute=institute,
                    period=str(quarter),
                    narrative=rng.choice(NARRATIVES) if status != InstituteReport.Status.DRAFT else "",
                    status=status,
                    is_demo=True,
                )
            )
    InstituteReport.objects.bulk_create(reports)
    return {"computed values": stored, "reported values": reported, "institute reports": len(reports)}


@seed_cleanup(order=STEP_ORDER)
def delete_indicators_demo(*, out: Output) -> dict[str, int]:
    """Computed values go too: they were computed from the demo data being removed."""
    return {
        "observations": delete_fast(Observation.objects.filter(is_demo=True))
        + delete_fast(Observation.objects.filter(kind=Indicator.Kind.COMPUTED)),
        "institute reports": delete_fast(InstituteReport.objects.filter(is_demo=True)),
    }
