"""Personal API tokens: the pages that create, list and revoke them, and what the API makes of them."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jazari.accounts.models import ApiToken
from jazari.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke
from jazari.api.tests.conftest import API, bearer, token_for
from jazari.conftest import client_for

pytestmark = pytest.mark.django_db

TOKEN_PATTERN = re.compile(r"jz_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


# --- The service -------------------------------------------------------------------------------------------


def test_it_keeps_only_the_prefix_and_a_hash_of_the_secret(partner):
    token, raw = api_token_create(user=partner, name="export", days=30)
    assert TOKEN_PATTERN.fullmatch(raw)
    prefix, secret = raw[3:11], raw[12:]
    token.refresh_from_db()
    assert token.prefix == prefix
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get(pk=token.pk))
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)


@pytest.mark.parametrize("days", [0, 366, -5])
def test_it_refuses_a_lifetime_outside_one_to_365_days(partner, days):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(user=partner, name="export", days=days)
    assert not ApiToken.objects.exists()


def test_it_recognises_a_token_and_refuses_lookalikes(partner):
    raw = token_for(partner)
    assert api_token_authenticate(raw) == partner
    for wrong in [
        "",
        "jz_",
        raw[:-1],
        raw + "x",
        "jz_00000000_" + raw[12:],
        raw.replace("jz_", "xx_"),
        "x" * 5000,
    ]:
        assert api_token_authenticate(wrong) is None, wrong


def test_it_refuses_an_expired_a_revoked_token_and_one_of_an_inactive_account(partner):
    expired, revoked, inactive = token_for(partner), token_for(partner), token_for(partner)
    ApiToken.objects.filter(prefix=expired[3:11]).update(expires_at=timezone.now() - timedelta(seconds=1))
    api_token_revoke(token=ApiToken.objects.get(prefix=revoked[3:11]))
    assert api_token_authenticate(expired) is None
    assert api_token_authenticate(revoked) is None
    assert api_token_authenticate(inactive) == partner
    partner.is_active = False
    partner.save()
    assert api_token_authenticate(inactive) is None


def test_it_records_the_last_use_at_most_once_a_minute(partner, django_assert_num_queries):
    raw = token_for(partner)
    token = ApiToken.objects.get(prefix=raw[3:11])
    with django_assert_num_queries(2):  # find the token, record its use
        api_token_authenticate(raw)
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    with django_assert_num_queries(1):  # used again within the minute: nothing written
        api_token_authenticate(raw)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first_use - timedelta(minutes=2)


def test_it_keeps_the_history_of_a_token_without_its_uses(partner):
    raw = token_for(partner)
    token = ApiToken.objects.get(prefix=raw[3:11])
    api_token_authenticate(raw)
    api_token_revoke(token=token)
    assert [record.history_type for record in token.history.order_by("history_date")] == ["+", "~"]


# --- The API with a token ----------------------------------------------------------------------------------


def test_it_lets_a_script_change_an_institute_with_a_token(client, manager_a, institute_a):
    raw = token_for(manager_a)
    response = client.patch(
        f"{API}/institutes/jazari-nador",
        {"city": "Nador (Selouane)"},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 200, response.json()
    institute_a.refresh_from_db()
    assert institute_a.city == "Nador (Selouane)"
    assert institute_a.history.latest().history_user == manager_a  # the change is the token owner's


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "malformed"])
def test_it_refuses_a_token_that_does_not_open_the_api(client, manager_a, institute_a, state):
    raw = token_for(manager_a)
    token = ApiToken.objects.get(prefix=raw[3:11])
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "revoked":
        api_token_revoke(token=token)
    elif state == "unknown":
        raw = raw[:-4] + "abcd"
    else:
        raw = "not-a-token"
    for method, path in [("patch", "/institutes/jazari-nador"), ("get", "/regions")]:
        response = getattr(client, method)(
            f"{API}{path}", {"city": "X"} if method == "patch" else None,
            content_type="application/json", headers=bearer(raw),
        )  # fmt: skip
        assert response.status_code == 401, (state, path)
        assert response.json()["error"]["code"] == "not_authenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")
    institute_a.refresh_from_db()
    assert institute_a.city == "Nador"


# --- The pages ---------------------------------------------------------------------------------------------


def test_it_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/fr/account/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_it_says_when_there_is_no_token_yet(partner, language):
    response = client_for(partner).get(f"/{language}/account/tokens/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
    assert 'class="empty-state' in response.text
    assert "<table" not in response.text


def test_it_creates_a_token_and_shows_it_once(partner):
    client = client_for(partner)
    form = client.get("/en/account/tokens/new/")
    assert form.status_code == 200 and 'value="90"' in form.text
    response = client.post("/en/account/tokens/new/", {"name": "weekly export", "days": "30"})
    assert response.status_code == 200
    raw = TOKEN_PATTERN.search(response.text).group(0)
    assert "never be shown again" in response.text
    assert "no-store" in response["Cache-Control"]
    listing = client.get("/en/account/tokens/").text
    assert "weekly export" in listing and f"jz_{raw[3:11]}_" in listing
    assert raw not in listing  # shown once, never again
    assert "Active" in listing and "Never" in listing
    assert client.get(f"{API}/people", headers=bearer(raw)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "days": "0"}, "Choose a number of days between 1 and 365."),
        ({"name": "x", "days": "366"}, "Choose a number of days between 1 and 365."),
        ({"name": "x", "days": "soon"}, "Enter a whole number of days."),
        ({"name": "", "days": "30"}, "Give the token a name"),
    ],
)
def test_it_explains_what_is_wrong_in_the_form(partner, data, message):
    response = client_for(partner).post("/en/account/tokens/new/", data)
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token_after_asking(partner):
    client = client_for(partner)
    raw = token_for(partner)
    token = ApiToken.objects.get(prefix=raw[3:11])
    confirm = client.get(f"/en/account/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    token.refresh_from_db()
    assert token.revoked_at is None  # asking changes nothing
    response = client.post(f"/en/account/tokens/{token.pk}/revoke/", follow=True)
    assert "is revoked" in response.text
    token.refresh_from_db()
    assert token.status == ApiToken.Status.REVOKED
    assert "Revoked" in response.text
    assert client.get(f"{API}/regions", headers=bearer(raw)).status_code == 401


def test_it_never_shows_or_revokes_someone_elses_token(partner, manager_a):
    raw = token_for(manager_a)
    token = ApiToken.objects.get(prefix=raw[3:11])
    client = client_for(partner)
    assert token.name not in client.get("/en/account/tokens/").text
    assert client.get(f"/en/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/en/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_it_renders_every_token_page_in_every_language(partner, language):
    client = client_for(partner)
    token = ApiToken.objects.get(prefix=token_for(partner)[3:11])
    for path in ["", "new/", f"{token.pk}/revoke/"]:
        response = client.get(f"/{language}/account/tokens/{path}")
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.text
        assert "<script>" not in response.text and " style=" not in response.text


def test_it_lets_the_hub_revoke_any_token_in_the_admin(coordinator, manager_a):
    token = ApiToken.objects.get(prefix=token_for(manager_a)[3:11])
    client = client_for(coordinator)
    assert client.get("/fr/admin/accounts/apitoken/").status_code == 200
    client.post(
        "/fr/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk], "index": 0}
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_for(manager_a).get("/fr/admin/accounts/apitoken/").status_code == 403
