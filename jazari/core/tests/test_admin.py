import pytest
from django.contrib import admin

from jazari.conftest import client_for

pytestmark = pytest.mark.django_db


def admin_lists() -> list[str]:
    """The list page of every model of the platform in the admin: a new one is opened the day it is added."""
    return sorted(
        f"{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
        if model.__module__.startswith("jazari.")
    )


@pytest.mark.parametrize("path", ["", "network/organisation/?q=universit", *admin_lists()])
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_it_opens_every_admin_list_for_the_coordinator(coordinator, path, language):
    response = client_for(coordinator).get(f"/{language}/admin/{path}")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text


def test_it_shows_the_history_of_an_institute(coordinator, institute_a):
    response = client_for(coordinator).get(f"/ar/admin/network/institute/{institute_a.pk}/history/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text


def test_it_keeps_roles_to_the_coordinator(manager_a):
    client = client_for(manager_a)
    assert client.get("/fr/admin/accounts/membership/").status_code == 403
    assert client.get("/fr/admin/network/region/").status_code == 200
