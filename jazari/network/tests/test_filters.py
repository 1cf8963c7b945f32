"""The region filter shared by every list: by code, checked without a query once the codes are known."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.network import filters
from jazari.network.filters import OrganisationFilter, region_code_exists
from jazari.network.models import Organisation, Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _codes_read_afresh():
    """Each test starts with no code known and leaves none behind (its regions are rolled back)."""
    filters._REGION_CODES.clear()
    yield
    filters._REGION_CODES.clear()


def test_a_region_added_after_the_codes_were_read_is_found(reference):
    assert region_code_exists("MA-06")
    assert not region_code_exists("MA-13")
    Region.objects.create(
        code="MA-13", name_fr="Essai", capital="Essai", capital_lat=30, capital_lon=-8, population_2024=1
    )
    assert region_code_exists("MA-13")


def test_a_list_is_filtered_by_region_code_in_its_own_query(reference):
    casablanca = Region.objects.get(code="MA-06")
    Organisation.objects.create(name="Casa Data", kind=Organisation.Kind.COMPANY, region=casablanca)
    Organisation.objects.create(name="Oujda Lab", kind=Organisation.Kind.COMPANY, region=None)
    region_code_exists("MA-06")  # the codes are known from here on
    with CaptureQueriesContext(connection) as queries:
        filterset = OrganisationFilter({"region": "MA-06"}, queryset=Organisation.objects.all())
        assert filterset.is_valid()
        names = [organisation.name for organisation in filterset.qs]
    assert names == ["Casa Data"]
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("value", "code"), [("MA-99", "invalid_choice"), ("MA\x0006", "null_characters_not_allowed")]
)
def test_a_wrong_region_code_is_refused_as_any_model_choice_is(reference, value, code):
    filterset = OrganisationFilter({"region": value}, queryset=Organisation.objects.all())
    assert not filterset.is_valid()
    assert [error.code for error in filterset.errors.as_data()["region"]] == [code]
