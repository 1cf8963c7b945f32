"""Personas shared by every test: the people Jazari is built for.

- coordinator: national coordinator at the hub (sees and changes everything)
- manager_a / manager_b: managers of institute A (Nador) and institute B (Guelmim-Oued Noun)
- partner: member of a partner organisation
- anonymous visitors use the plain `client` fixture.
"""

import os

import pytest
from django.test import Client

from jazari.accounts.models import Role, User
from jazari.accounts.services import account_ensure, membership_grant
from jazari.browser import chromium
from jazari.network.models import Institute, Organisation
from jazari.network.reference import load_reference

PASSWORD = "correct-horse-battery-2030"  # noqa: S105 - test accounts only


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference(db):
    """The real regions, institutes and taxonomies, loaded by the same code as `jazari load_reference`."""
    return load_reference()


@pytest.fixture
def institute_a(reference) -> Institute:
    return Institute.objects.get(slug="jazari-nador")


@pytest.fixture
def institute_b(reference) -> Institute:
    return Institute.objects.get(slug="jazari-guelmim-oued-noun")


@pytest.fixture
def partner_organisation(reference) -> Organisation:
    return Organisation.objects.get(name="Université Mohammed VI Polytechnique")


@pytest.fixture
def coordinator(reference) -> User:
    user = account_ensure(email="coordinator@example.ma", password=PASSWORD, is_staff=True)
    membership_grant(user=user, role=Role.COORDINATOR)
    return user


@pytest.fixture
def manager_a(institute_a) -> User:
    user = account_ensure(email="manager.a@example.ma", password=PASSWORD, is_staff=True)
    membership_grant(user=user, role=Role.MANAGER, scope=institute_a)
    return user


@pytest.fixture
def manager_b(institute_b) -> User:
    user = account_ensure(email="manager.b@example.ma", password=PASSWORD, is_staff=True)
    membership_grant(user=user, role=Role.MANAGER, scope=institute_b)
    return user


@pytest.fixture
def partner(partner_organisation) -> User:
    user = account_ensure(email="partner@example.ma", password=PASSWORD)
    membership_grant(user=user, role=Role.MEMBER, scope=partner_organisation)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, started once for all the browser tests of a test process."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with chromium() as instance:
        yield instance
