"""Every computed indicator equals an independent computation in plain SQL over the seeded demo data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F

from jazari.activities.models import Certificate
from jazari.core.seeding import run_seed
from jazari.indicators.computed import gini
from jazari.indicators.models import Indicator, Observation, ScopeKind
from jazari.indicators.periods import Quarter
from jazari.indicators.registry import Figures, compute_all, registered
from jazari.indicators.tests.plain_sql import PLAIN_SQL, Values, compute_plain
from jazari.network.models import Person

QUARTERS = [Quarter(2019, 2), Quarter(2024, 4), Quarter(2026, 3)]


def flatten(figures: Figures) -> Values:
    values: Values = {}
    if figures.national is not None:
        values[("national", None)] = figures.national.value
    values.update({("region", pk): cell.value for pk, cell in figures.regions.items()})
    values.update({("institute", pk): cell.value for pk, cell in figures.institutes.items()})
    return values


def test_it_has_a_plain_sql_twin_for_every_computed_indicator() -> None:
    computed = {spec.code for spec in registered() if spec.compute is not None}
    assert computed == set(PLAIN_SQL)


@pytest.mark.django_db(transaction=False)
def test_it_computes_every_indicator_as_plain_sql_does(reference) -> None:
    run_seed(scale_name="small", seed=7, out=lambda line: None)
    # Make the data harder than the seed's: revoked certificates (before and after a quarter's end), and
    # some people who stop declaring their gender.
    certificates = list(Certificate.objects.order_by("pk").values_list("pk", flat=True))
    Certificate.objects.filter(pk__in=certificates[::7]).update(
        revoked_at=F("issued_at") + timedelta(days=30)
    )
    Certificate.objects.filter(pk__in=certificates[3::11]).update(
        revoked_at=F("issued_at") + timedelta(days=900)
    )
    Person.objects.filter(pk__in=list(Person.objects.values_list("pk", flat=True)[::9])).update(gender="")

    for quarter in QUARTERS:
        platform = {code: flatten(figures) for code, figures in compute_all(quarter).items()}
        plain = compute_plain(quarter)
        assert set(platform) == set(plain)
        for code, expected in plain.items():
            assert platform[code] == expected, f"{code} differs in {quarter}"
    latest = compute_all(QUARTERS[-1])
    # The data are not trivial: the figures compared above are real, not all zero.
    assert latest["people_trained"].national.value > 500
    assert len(latest["people_trained"].regions) >= 5
    assert len(latest["people_trained"].institutes) >= 5
    assert Decimal(0) < latest["women_share_trained"].national.value < Decimal(100)
    assert Decimal(0) < latest["balance_index"].national.value < Decimal(1)


def test_it_takes_the_gini_of_equal_and_unequal_regions() -> None:
    assert gini([Decimal(5)] * 12) == 0
    assert gini([Decimal(0)] * 11 + [Decimal(12)]) == Decimal(11) / 12
    assert gini([Decimal(0)] * 12) is None


@pytest.mark.django_db
def test_it_stores_a_quarter_from_the_command_and_again_without_duplicates(reference) -> None:
    call_command("load_indicators", stdout=None)
    call_command("compute_indicators", "--quarter", "2026-Q3")
    first = Observation.objects.filter(period="2026-Q3").count()
    call_command("compute_indicators", "--quarter", "2026-Q3")
    assert Observation.objects.filter(period="2026-Q3").count() == first
    regions = Observation.objects.get(
        indicator__code="regions_with_institute", period="2026-Q3", scope_kind=ScopeKind.NATIONAL
    )
    assert regions.value == 6  # the institutes of the reference data with a signed agreement
    assert regions.kind == Indicator.Kind.COMPUTED


@pytest.mark.django_db
def test_it_refuses_a_malformed_quarter_on_the_command_line(reference) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-Qn"):
        call_command("compute_indicators", "--quarter", "2026-5")
