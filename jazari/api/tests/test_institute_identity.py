"""Through the API too, an institute's identity (kind, region, short name, status) is the hub's to change."""

import pytest

from jazari.api.tests.conftest import API
from jazari.conftest import client_for

pytestmark = pytest.mark.django_db

NADOR = f"{API}/institutes/jazari-nador"


def patch(user, data):
    return client_for(user).patch(
        NADOR, data, content_type="application/json", headers={"Accept-Language": "en"}
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "hub"}, "kind"),
        ({"region": "MA-07"}, "region"),
        ({"slug": "jazari-pris"}, "slug"),
        ({"status": "operational"}, "status"),
        ({"status_date": "2026-03-01"}, "status_date"),
        ({"kind": "hub", "city": "Nador Centre"}, "kind"),
    ],
)
def test_it_refuses_a_manager_a_change_of_identity_and_names_the_field(manager_a, institute_a, data, field):
    response = patch(manager_a, data)
    assert response.status_code == 403, response.content
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    assert field in error["message"] and "coordinator" in error["message"]
    institute_a.refresh_from_db()
    assert institute_a.kind == "regional_institute" and institute_a.region.code == "MA-02"
    assert institute_a.slug == "jazari-nador" and institute_a.city == "Nador"


def test_it_refuses_a_regional_editor_a_change_of_identity(region_editor, institute_a):
    assert patch(region_editor, {"region": "MA-07"}).status_code == 403


def test_it_lets_a_manager_change_the_descriptive_fields(manager_a, institute_a):
    response = patch(manager_a, {"city": "Nador Centre", "focus": "eau et agriculture"})
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Nador Centre"


def test_it_accepts_identity_fields_sent_back_unchanged_by_a_manager(client, manager_a, institute_a):
    record = client.get(NADOR).json()
    unchanged = {name: record[name] for name in ("slug", "kind", "region", "status", "status_date")}
    response = patch(manager_a, {**unchanged, "city": "Nador Centre"})
    assert response.status_code == 200, response.content
    assert response.json() == {**record, "city": "Nador Centre"}


def test_it_lets_the_coordinator_change_the_identity(coordinator, institute_a):
    response = patch(coordinator, {"kind": "thematic_institute", "region": "MA-07", "status": "operational"})
    assert response.status_code == 200, response.content
    institute_a.refresh_from_db()
    assert (institute_a.kind, institute_a.region.code, institute_a.status) == (
        "thematic_institute",
        "MA-07",
        "operational",
    )
