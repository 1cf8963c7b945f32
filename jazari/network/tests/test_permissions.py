"""Who may change what in the registry: each persona, including what they may not do."""

import pytest

from jazari.accounts.models import Role
from jazari.accounts.permissions import visible_to
from jazari.accounts.services import account_ensure, membership_grant
from jazari.conftest import client_for
from jazari.network.models import Affiliation, Institute, Organisation, Person

pytestmark = pytest.mark.django_db


def person_at(institute: Institute, name: str, public: bool = False) -> Person:
    person = Person.objects.create(
        given_name=name, family_name="Test", region=institute.region, consent_public_profile=public
    )
    Affiliation.objects.create(person=person, institute=institute, role=Affiliation.Role.RESEARCHER)
    return person


def test_it_lets_the_manager_of_a_change_a_but_not_b(manager_a, institute_a, institute_b):
    assert manager_a.has_perm("network.change_institute", institute_a)
    assert not manager_a.has_perm("network.change_institute", institute_b)
    assert not manager_a.has_perm("network.delete_institute", institute_a)


def test_it_lets_the_manager_of_a_change_a_people_but_not_b_people(manager_a, institute_a, institute_b):
    ours, theirs = person_at(institute_a, "Amina"), person_at(institute_b, "Youssef")
    assert manager_a.has_perm("network.change_person", ours)
    assert not manager_a.has_perm("network.change_person", theirs)
    assert list(visible_to(Person.objects.all(), manager_a)) == [ours]


def test_it_lets_the_coordinator_change_everything(
    coordinator, institute_a, institute_b, partner_organisation
):
    person = person_at(institute_b, "Youssef")
    for perm, obj in [
        ("network.change_institute", institute_a),
        ("network.change_institute", institute_b),
        ("network.delete_institute", institute_b),
        ("network.change_person", person),
        ("network.change_organisation", partner_organisation),
        ("network.change_region", institute_a.region),
        ("accounts.change_membership", None),
    ]:
        assert coordinator.has_perm(perm, obj), perm


def test_it_keeps_the_partner_to_their_organisation(partner, partner_organisation, institute_a):
    assert partner.has_perm("network.view_organisation", partner_organisation)
    assert not partner.has_perm("network.change_organisation", partner_organisation)  # members only read
    assert not partner.has_perm("network.change_institute", institute_a)
    assert not partner.has_perm("network.view_institute", institute_a)


def test_it_gives_a_region_editor_the_institutes_of_that_region(reference, institute_a, institute_b):
    editor = account_ensure(email="oriental@example.ma", password="x" * 12)
    membership_grant(user=editor, role=Role.EDITOR, scope=institute_a.region)
    assert editor.has_perm("network.change_institute", institute_a)
    assert not editor.has_perm("network.change_institute", institute_b)


def test_it_gives_an_auditor_reading_but_no_writing(reference, institute_b):
    auditor = account_ensure(email="audit@example.ma", password="x" * 12)
    membership_grant(user=auditor, role=Role.AUDITOR)
    assert auditor.has_perm("network.view_institute", institute_b)
    assert not auditor.has_perm("network.change_institute", institute_b)
    assert auditor.has_perm("core.view_job")


def test_it_gives_an_anonymous_visitor_no_right(institute_a):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("network.change_institute", institute_a)
    assert not AnonymousUser().has_perm("network.view_person", None)


def test_it_refuses_the_admin_change_page_of_b_to_the_manager_of_a(manager_a, institute_a, institute_b):
    client = client_for(manager_a)
    assert client.get(f"/fr/admin/network/institute/{institute_a.pk}/change/").status_code == 200
    # Outside the manager's scope the institute does not exist for the admin: back to its index.
    refused = client.get(f"/fr/admin/network/institute/{institute_b.pk}/change/")
    assert (refused.status_code, refused["Location"]) == (302, "/fr/admin/")
    response = client.post(
        f"/fr/admin/network/institute/{institute_b.pk}/change/", {"name_fr": "Pris", "slug": institute_b.slug}
    )
    assert (response.status_code, response["Location"]) == (302, "/fr/admin/")
    institute_b.refresh_from_db()
    assert institute_b.name_fr != "Pris"


def test_it_lists_only_their_institutes_in_the_admin_for_a_manager(manager_a, institute_a, institute_b):
    response = client_for(manager_a).get("/fr/admin/network/institute/")
    assert response.status_code == 200
    assert institute_a.name_fr in response.text
    assert institute_b.name_fr not in response.text


def test_it_records_history_with_the_author_of_an_admin_change(manager_a, institute_a):
    client = client_for(manager_a)
    url = f"/fr/admin/network/institute/{institute_a.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {"contact_email": "contact@nador.example.ma", "themes": [t.pk for t in institute_a.themes.all()]}
    )
    data.update({"partnerships-TOTAL_FORMS": "0", "partnerships-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = institute_a.history.first()
    assert latest.contact_email == "contact@nador.example.ma"
    assert latest.history_user == manager_a


def test_it_offers_only_their_own_institute_when_a_manager_adds_an_affiliation(manager_a, institute_a):
    response = client_for(manager_a).get("/fr/admin/network/affiliation/add/")
    field = response.context["adminform"].form.fields["institute"]
    assert list(field.queryset) == [institute_a]


def test_it_lets_the_coordinator_see_every_organisation(coordinator, partner_organisation):
    assert visible_to(Organisation.objects.all(), coordinator).count() == Organisation.objects.count()
