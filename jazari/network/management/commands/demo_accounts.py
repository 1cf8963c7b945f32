from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jazari.accounts.models import Role
from jazari.accounts.services import account_ensure, membership_grant
from jazari.network.models import Institute, Organisation

# Demo only: these accounts and passwords are printed for anyone running the demo to try the roles.
DEMO_PASSWORD = "jazari-demo-2030"  # noqa: S105
MANAGED_INSTITUTES = ["jazari-nador", "jazari-guelmim-oued-noun"]
PARTNER_ORGANISATION = "Université Mohammed VI Polytechnique"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo accounts: a national coordinator, a manager of two institutes, a partner."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        institutes = list(Institute.objects.filter(slug__in=MANAGED_INSTITUTES).order_by("slug"))
        partner = Organisation.objects.filter(name=PARTNER_ORGANISATION).first()
        if len(institutes) != len(MANAGED_INSTITUTES) or partner is None:
            raise CommandError("Load the reference data first: jazari load_reference")

        coordinator = account_ensure(email="coordinator@demo.invalid", password=DEMO_PASSWORD, is_staff=True)
        membership_grant(user=coordinator, role=Role.COORDINATOR)
        manager = account_ensure(email="manager@demo.invalid", password=DEMO_PASSWORD, is_staff=True)
        for institute in institutes:
            membership_grant(user=manager, role=Role.MANAGER, scope=institute)
        partner_user = account_ensure(email="partner@demo.invalid", password=DEMO_PASSWORD)
        membership_grant(user=partner_user, role=Role.MEMBER, scope=partner)

        self.stdout.write("Demo accounts (demo only — change or remove them on a real installation):")
        rows = [
            ("national coordinator", coordinator.email),
            (f"manager of {' and '.join(i.slug for i in institutes)}", manager.email),
            (f"partner ({partner.name})", partner_user.email),
        ]
        for label, email in rows:
            self.stdout.write(f"  {label:<55} {email:<28} password: {DEMO_PASSWORD}")
