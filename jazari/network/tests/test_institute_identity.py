"""An institute's identity (kind, region, short name, parent, status) is the hub's: its manager edits the
rest, in the workspace form and in the admin alike (the API: `api/tests/test_institute_identity.py`)."""

import pytest

from jazari.accounts.models import Role, User
from jazari.accounts.services import account_ensure, membership_grant
from jazari.conftest import PASSWORD, client_for
from jazari.network.forms import InstituteForm
from jazari.network.models import Institute, Region
from jazari.network.rules import INSTITUTE_IDENTITY_FIELDS

pytestmark = pytest.mark.django_db

EDIT = "/fr/workspace/institutes/{slug}/edit/"
ADMIN = "/fr/admin/network/institute/{pk}/change/"


@pytest.fixture
def region_editor(reference) -> User:
    """An editor of the Oriental region (MA-02), where institute A (Nador) lies."""
    user = account_ensure(email="oriental.editor@example.ma", password=PASSWORD)
    membership_grant(user=user, role=Role.EDITOR, scope=Region.objects.get(code="MA-02"))
    return user


def form_data(form) -> dict:
    """What the form's page would post back unchanged."""
    data = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in data.items() if value is not None}


def test_it_grants_the_identity_permission_to_the_coordinator_only(
    coordinator, manager_a, region_editor, institute_a
):
    assert coordinator.has_perm("network.change_institute_identity", institute_a)
    for user in (manager_a, region_editor):
        assert user.has_perm("network.change_institute", institute_a)
        assert not user.has_perm("network.change_institute_identity", institute_a)


def test_it_offers_the_identity_fields_to_the_coordinator_only(coordinator, manager_a, institute_a):
    identity = set(INSTITUTE_IDENTITY_FIELDS)
    assert not identity & set(InstituteForm(instance=institute_a, user=manager_a).fields)
    assert {"name_fr", "city", "focus", "themes", "contact_email", "website"} <= set(
        InstituteForm(instance=institute_a, user=manager_a).fields
    )
    assert identity - {"parent"} <= set(InstituteForm(instance=institute_a, user=coordinator).fields)


def test_it_shows_the_manager_a_workspace_form_without_kind_region_or_slug(manager_a, institute_a):
    html = client_for(manager_a).get(EDIT.format(slug=institute_a.slug)).text
    for name in ("kind", "region", "slug", "status"):
        assert f'name="{name}"' not in html
    assert 'name="city"' in html


def test_it_ignores_identity_fields_a_manager_posts_in_the_workspace(manager_a, institute_a):
    client = client_for(manager_a)
    url = EDIT.format(slug=institute_a.slug)
    data = form_data(client.get(url).context["form"])
    data["themes"] = [theme.pk for theme in institute_a.themes.all()]
    data.update(
        {
            "city": "Nador Centre",
            "kind": Institute.Kind.HUB,
            "region": Region.objects.get(code="MA-07").pk,
            "slug": "jazari-pris",
            "status": Institute.Status.OPERATIONAL,
        }
    )
    before = Institute.objects.get(pk=institute_a.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    institute_a.refresh_from_db()
    assert institute_a.city == "Nador Centre"
    assert (institute_a.kind, institute_a.region_id, institute_a.slug, institute_a.status) == (
        before.kind,
        before.region_id,
        before.slug,
        before.status,
    )


def test_it_lets_the_coordinator_change_the_identity_in_the_workspace(coordinator, institute_a):
    client = client_for(coordinator)
    url = EDIT.format(slug=institute_a.slug)
    data = form_data(client.get(url).context["form"])
    data["themes"] = [theme.pk for theme in institute_a.themes.all()]
    data.update({"kind": Institute.Kind.THEMATIC_INSTITUTE, "region": Region.objects.get(code="MA-07").pk})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    institute_a.refresh_from_db()
    assert institute_a.kind == Institute.Kind.THEMATIC_INSTITUTE and institute_a.region.code == "MA-07"


def test_it_shows_the_identity_read_only_in_the_admin_to_a_manager(manager_a, institute_a):
    response = client_for(manager_a).get(ADMIN.format(pk=institute_a.pk))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not set(INSTITUTE_IDENTITY_FIELDS) & set(form.fields)
    shown = {field for fieldset in response.context["adminform"] for line in fieldset for field in line}
    readonly = {field.field["name"] for field in shown if field.is_readonly}
    assert set(INSTITUTE_IDENTITY_FIELDS) <= readonly


def test_it_ignores_identity_fields_a_manager_posts_in_the_admin(manager_a, institute_a):
    client = client_for(manager_a)
    url = ADMIN.format(pk=institute_a.pk)
    data = form_data(client.get(url).context["adminform"].form)
    data["themes"] = [theme.pk for theme in institute_a.themes.all()]
    data.update({"partnerships-TOTAL_FORMS": "0", "partnerships-INITIAL_FORMS": "0"})
    data.update({"kind": Institute.Kind.HUB, "region": Region.objects.get(code="MA-07").pk})
    response = client.post(url, data)
    assert response.status_code == 302
    institute_a.refresh_from_db()
    assert institute_a.kind != Institute.Kind.HUB and institute_a.region.code == "MA-02"


def test_it_lets_the_coordinator_edit_the_identity_in_the_admin(coordinator, institute_a):
    response = client_for(coordinator).get(ADMIN.format(pk=institute_a.pk))
    assert set(INSTITUTE_IDENTITY_FIELDS) <= set(response.context["adminform"].form.fields)
