"""Accounts: sign-up with email verification, log-in by email, lockout, password reset, memberships."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import translation

from jazari.accounts.models import Membership, Role, ScopeKind, User
from jazari.accounts.permissions import memberships
from jazari.accounts.services import membership_grant
from jazari.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post("/fr/accounts/login/", {"login": email, "password": password})


def test_it_logs_in_with_email_and_password(client, partner):
    response = log_in(client, "Partner@Example.ma", PASSWORD)
    assert response.status_code == 302
    assert client.get("/fr/jobs/").status_code == 200


def test_it_locks_the_account_after_five_failed_logins(client, partner):
    statuses = [log_in(client, partner.email, "wrong-password").status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    response = log_in(client, partner.email, PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert client.get("/fr/jobs/").status_code == 302  # still anonymous


def test_it_does_not_lock_after_four_failed_logins(client, partner):
    for _attempt in range(4):
        log_in(client, partner.email, "wrong-password")
    assert log_in(client, partner.email, PASSWORD).status_code == 302


def test_it_signs_up_with_email_verification(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new.member@example.ma",
            "password1": "a-long-pass-phrase-2030",
            "password2": "a-long-pass-phrase-2030",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert log_in(client, "new.member@example.ma", "a-long-pass-phrase-2030").status_code == 302
    assert client.get("/en/jobs/").status_code == 302  # not logged in before the address is confirmed
    link = re.search(r"https?://[^/]+(/en/accounts/confirm-email/[^\s]+)", mail.outbox[0].body).group(1)
    client.post(link)
    assert log_in(client, "new.member@example.ma", "a-long-pass-phrase-2030").status_code == 302
    assert client.get("/en/jobs/").status_code == 200


def test_it_refuses_a_weak_password_at_sign_up(client, db):
    response = client.post(
        "/en/accounts/signup/", {"email": "weak@example.ma", "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="weak@example.ma").exists()
    assert "too short" in response.text


def test_it_sends_a_password_reset_email(client, partner):
    response = client.post("/fr/accounts/password/reset/", {"email": partner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert partner.email in mail.outbox[0].to


def test_it_offers_totp_two_factor_to_a_logged_in_user(client, partner):
    log_in(client, partner.email, PASSWORD)
    response = client.get("/fr/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # confirming the password first, as for every security change
        assert "/reauthenticate/" in response["Location"]
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/fr/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "data:image/svg+xml" in response.text  # the QR code to scan, drawn by the platform itself
    assert '<html lang="fr" dir="ltr">' in response.text


def test_it_creates_users_by_email_only():
    user = User.objects.create_user("Someone@Example.MA", "pass-phrase-long")
    assert user.email == "someone@example.ma"
    assert user.get_username() == "someone@example.ma"
    admin = User.objects.create_superuser("root@example.ma", "pass-phrase-long")
    assert admin.is_staff and admin.is_superuser
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "x")


def test_it_checks_a_membership_names_the_scope_of_its_kind(partner, institute_a):
    membership = Membership(user=partner, role=Role.MANAGER, scope_kind=ScopeKind.INSTITUTE)
    with pytest.raises(ValidationError, match="institute"):
        membership.clean()
    membership = Membership(
        user=partner, role=Role.MANAGER, scope_kind=ScopeKind.NATIONAL, institute=institute_a
    )
    with pytest.raises(ValidationError):
        membership.clean()
    Membership(user=partner, role=Role.MANAGER, scope_kind=ScopeKind.INSTITUTE, institute=institute_a).clean()


def test_it_refuses_an_inconsistent_membership_in_the_database(partner, institute_a):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=partner, role=Role.MANAGER, scope_kind=ScopeKind.REGION, institute=institute_a
        )


def test_it_grants_a_membership_once(manager_a, institute_a):
    membership_grant(user=manager_a, role=Role.MANAGER, scope=institute_a)
    assert Membership.objects.filter(user=manager_a).count() == 1
    with translation.override("en"):
        assert str(memberships(manager_a)[0]) == "manager.a@example.ma · Manager · Institut Jazari Nador"


def test_it_creates_the_demo_accounts_and_can_run_twice(reference, capsys):
    call_command("demo_accounts")
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "coordinator@demo.invalid" in out and "password:" in out
    manager = User.objects.get(email="manager@demo.invalid")
    assert sorted(m.institute.slug for m in manager.memberships.all()) == [
        "jazari-guelmim-oued-noun",
        "jazari-nador",
    ]
    assert User.objects.filter(email__endswith="@demo.invalid").count() == 3


def test_it_asks_for_the_reference_data_before_demo_accounts(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="load_reference"):
        call_command("demo_accounts")
