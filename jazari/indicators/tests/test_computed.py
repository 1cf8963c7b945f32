"""Every computed indicator equals an independent computation in plain SQL over the seeded demo data."""

from datetime import UTC, datetime, timedelta
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
from jazari.needs.models import Need
from jazari.network.models import Person
from jazari.projects.models import Deliverable, Match, Participant, Project

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
    record_dates()

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
    for code in ("pocs_prototypes_passed", "needs_solved", "organisations_engaged", "deliverables_approved"):
        assert latest[code].national.value >= 5, code
        assert len(latest[code].regions) >= 3 and len(latest[code].institutes) >= 3, code
    assert latest["reusable_components"].national.value >= 3
    assert latest["need_days_to_assignment"].national.value > 0
    assert len(latest["need_days_to_assignment"].institutes) >= 3
    # Declined assignments, which count nowhere, are among the data compared.
    assert Match.objects.filter(institute__isnull=False, status="declined").exists()


def _spread(queryset, field: str, start: datetime, step: timedelta, parts: int = 9) -> None:
    """Give the rows of `queryset` dates from `start` on, `step` apart from one slice of rows to the next."""
    keys = list(queryset.order_by("pk").values_list("pk", flat=True))
    for part in range(parts):
        queryset.model.objects.filter(pk__in=keys[part::parts]).update(**{field: start + step * part})


def record_dates() -> None:
    """Dates harder than the seed's: needs, participants and projects recorded across the years, needs
    qualified again without an assignment, declined matches, projects without a start date, and published
    deliverables with no approval date."""
    start = datetime(2018, 11, 3, 9, 30, tzinfo=UTC)
    _spread(Need.objects.all(), "created_at", start, timedelta(days=301, hours=7))
    _spread(Participant.objects.all(), "created_at", start, timedelta(days=287, hours=5))
    _spread(Project.objects.all(), "created_at", start, timedelta(days=250))
    Project.objects.filter(pk__in=list(Project.objects.values_list("pk", flat=True)[::4])).update(
        starts_on=None
    )
    assigned = Need.objects.exclude(status__in=["submitted", "rejected"])
    for part, keys in enumerate(_slices(assigned, 5)):
        delay = timedelta(days=2 + 9 * part, hours=3 * part, minutes=17)
        Need.objects.filter(pk__in=keys).update(assigned_at=F("created_at") + delay)
    Need.objects.filter(status="qualified", pk__in=_slices(assigned, 5)[0]).update(assigned_at=None)
    Need.objects.filter(status="solved").update(closed_at=F("assigned_at") + timedelta(days=150))
    Need.objects.filter(status__in=["closed", "rejected"]).update(
        closed_at=F("created_at") + timedelta(days=60)
    )
    # A declined match counts nowhere.
    Match.objects.filter(pk__in=list(Match.objects.values_list("pk", flat=True)[::6])).update(
        status="declined"
    )
    reviewed = Deliverable.objects.filter(status__in=["approved", "published"])
    _spread(reviewed, "approved_at", start, timedelta(days=330, hours=11))
    Deliverable.objects.filter(
        pk__in=list(reviewed.filter(status="published").values_list("pk", flat=True)[::3])
    ).update(approved_at=None, published_at=datetime(2024, 6, 30, 23, 0, tzinfo=UTC))


def _slices(queryset, parts: int) -> list[list[int]]:
    keys = list(queryset.order_by("pk").values_list("pk", flat=True))
    return [keys[part::parts] for part in range(parts)]


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
