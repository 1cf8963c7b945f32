"""Priorities, indicators and targets as loaded; quarters; the trajectory and the status."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from jazari.indicators.dashboard import status_of
from jazari.indicators.models import Indicator, Priority, ScopeKind, Target
from jazari.indicators.periods import InvalidQuarter, Quarter
from jazari.indicators.reference import TargetFileError, load_indicators
from jazari.network.models import Region

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_priorities_and_every_declared_indicator(indicators) -> None:
    assert set(Priority.objects.values_list("code", flat=True)) == set(Priority.Code.values)
    people = Indicator.objects.get(code="people_trained")
    assert people.kind == Indicator.Kind.COMPUTED and people.priority.code == "skills"
    assert people.name_fr == "Personnes formées à l'IA" and people.name_ar
    assert Indicator.objects.get(code="ai_jobs").kind == Indicator.Kind.REPORTED


def test_it_loads_the_national_targets_with_their_sources(indicators) -> None:
    target = Target.objects.get(indicator__code="people_trained", scope_kind=ScopeKind.NATIONAL)
    assert target.value == 200_000 and target.year == 2030
    assert target.source.startswith("https://northafricapost.com/")
    assert (
        Target.objects.get(indicator__code="regions_with_institute", scope_kind=ScopeKind.NATIONAL).value
        == 12
    )


def test_it_shares_a_national_target_between_regions_by_population(indicators) -> None:
    regional = Target.objects.filter(indicator__code="people_trained", scope_kind=ScopeKind.REGION)
    assert regional.count() == 12
    casablanca = regional.get(region__code="MA-06")
    population = sum(Region.objects.values_list("population_2024", flat=True))
    share = Decimal(200_000) * Region.objects.get(code="MA-06").population_2024 / population
    assert abs(casablanca.value - share) <= Decimal("0.5")
    assert abs(sum(target.value for target in regional) - 200_000) <= 12  # rounding, at most half a unit each


def test_it_loads_twice_without_changing_anything(indicators) -> None:
    history = Target.history.count()
    assert not load_indicators().changed
    assert Target.history.count() == history


def test_it_keeps_a_regional_target_edited_by_the_hub(indicators) -> None:
    target = Target.objects.get(indicator__code="people_trained", region__code="MA-02")
    target.value, target.is_population_share, target.source = 9_000, False, "Décision du comité, mars 2026"
    target.save()
    load_indicators()
    target.refresh_from_db()
    assert target.value == 9_000


def test_it_refuses_a_targets_file_naming_an_unknown_indicator(indicators, tmp_path: Path) -> None:
    bad = tmp_path / "targets.csv"
    bad.write_text(
        "code,label_en,priority,target_value,unit,target_year,scope,source,note\n"
        "flying_cars,Flying cars,skills,10,cars,2030,national,https://example.ma,\n"
    )
    with pytest.raises(TargetFileError, match="line 2"):
        load_indicators(bad)


def test_it_loads_from_the_command(reference) -> None:
    call_command("load_indicators")
    assert Indicator.objects.count() == 20  # 15 computed, 5 reported


def test_it_reads_and_bounds_quarters() -> None:
    quarter = Quarter.parse("2026-Q3")
    assert (quarter.start, quarter.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert str(quarter.next()) == "2026-Q4" and str(Quarter(2026, 1).previous()) == "2025-Q4"
    assert [str(q) for q in quarter.back(3)] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert Quarter.last_finished(date(2026, 11, 26)) == quarter
    for bad in ("2026-Q5", "2026Q3", "", "Q3-2026"):
        with pytest.raises(InvalidQuarter):
            Quarter.parse(bad)


def test_it_draws_a_straight_line_from_the_baseline_to_the_target(indicators) -> None:
    target = Target.objects.get(indicator__code="people_trained", scope_kind=ScopeKind.NATIONAL)
    assert target.expected_at(date(2025, 12, 31), Decimal(1000)) == 1000
    assert target.expected_at(date(2030, 12, 31), Decimal(1000)) == 200_000
    halfway = target.expected_at(date(2028, 7, 1), Decimal(0))
    assert Decimal(99_000) < halfway < Decimal(101_000)


def test_it_rates_progress_against_the_trajectory() -> None:
    # Expected to have grown from 100 to 200 by now.
    assert status_of(Decimal(200), Decimal(100), Decimal(200), "higher") == "on_track"
    assert status_of(Decimal(190), Decimal(100), Decimal(200), "higher") == "on_track"  # 90 %
    assert status_of(Decimal(160), Decimal(100), Decimal(200), "higher") == "at_risk"  # 60 %
    assert status_of(Decimal(159), Decimal(100), Decimal(200), "higher") == "off_track"
    assert status_of(Decimal(40), Decimal(100), Decimal(50), "lower") == "on_track"
    assert status_of(Decimal(90), Decimal(100), Decimal(50), "lower") == "off_track"


def test_it_keeps_a_regional_target_the_hub_changed_in_the_admin(indicators, coordinator) -> None:
    from jazari.conftest import client_for

    target = Target.objects.get(indicator__code="people_trained", region__code="MA-02")
    form = {
        "indicator": target.indicator_id, "scope_kind": "region", "region": target.region_id, "institute": "",
        "year": 2030, "value": "8000", "baseline_year": 2025, "baseline_value": "",
        "source": "Décision du comité de pilotage", "note": "", "is_population_share": "on",
    }  # fmt: skip
    response = client_for(coordinator).post(f"/fr/admin/indicators/target/{target.pk}/change/", form)
    assert response.status_code == 302
    load_indicators()
    target.refresh_from_db()
    assert target.value == 8000 and not target.is_population_share
