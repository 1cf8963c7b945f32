"""Helpers for the API tests: personal tokens for the personas, and the API's addresses."""

import pytest

from jazari.accounts.models import Role, User
from jazari.accounts.services import account_ensure, membership_grant
from jazari.accounts.tokens import api_token_create
from jazari.conftest import PASSWORD

API = "/api/v1"


def token_for(user: User, days: int = 90) -> str:
    _token, raw = api_token_create(user=user, name="test script", days=days)
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def region_editor(reference) -> User:
    """An editor of the Oriental region (MA-02), where institute A (Nador) lies."""
    from jazari.network.models import Region

    user = account_ensure(email="oriental.editor@example.ma", password=PASSWORD)
    membership_grant(user=user, role=Role.EDITOR, scope=Region.objects.get(code="MA-02"))
    return user


@pytest.fixture
def organisation_editor(partner_organisation) -> User:
    user = account_ensure(email="editor@um6p.example.ma", password=PASSWORD)
    membership_grant(user=user, role=Role.EDITOR, scope=partner_organisation)
    return user
