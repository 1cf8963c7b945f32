"""The management commands a deployment runs: what they print, and the clear error a wrong argument gets."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jazari.accounts.models import Membership, Role, User
from jazari.indicators.models import Observation
from jazari.indicators.reference import load_indicators

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_the_three_demo_accounts_and_is_safe_to_rerun(reference):
    printed = run("demo_accounts")
    run("demo_accounts")
    assert "coordinator@demo.invalid" in printed and "partner@demo.invalid" in printed
    assert User.objects.filter(email__endswith="@demo.invalid").count() == 3
    manager = User.objects.get(email="manager@demo.invalid")
    assert Membership.objects.filter(user=manager, role=Role.MANAGER).count() == 2


def test_it_asks_for_the_reference_data_before_the_demo_accounts(db):
    with pytest.raises(CommandError, match="jazari load_reference"):
        run("demo_accounts")


def test_it_computes_the_indicators_of_a_quarter_and_the_ones_before(reference):
    load_indicators()
    printed = run("compute_indicators", "--quarter", "2026-Q3", "--back", "2")
    assert [line.split(":")[0] for line in printed.splitlines()] == ["2026-Q2", "2026-Q3"]
    assert set(Observation.objects.values_list("period", flat=True)) == {"2026-Q2", "2026-Q3"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("--quarter", "2026-5"), "YYYY-Qn"), (("--quarter", "2026-Q3", "--back", "0"), "--back must be 1")],
)
def test_it_refuses_a_wrong_quarter_with_a_clear_message(reference, arguments, message):
    with pytest.raises(CommandError, match=message):
        run("compute_indicators", *arguments)
