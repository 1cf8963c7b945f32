"""Who may do what with activities. The predicates come from `jazari.accounts.permissions`."""

import rules

from jazari.accounts.permissions import can_edit, can_manage, can_read

rules.add_perm("activities", rules.is_authenticated)
for model in ("activity", "session", "trainingprogramme", "registration", "attendance", "certificate"):
    rules.add_perm(f"activities.view_{model}", can_read)
    rules.add_perm(f"activities.add_{model}", can_edit)
    rules.add_perm(f"activities.change_{model}", can_edit)
    rules.add_perm(f"activities.delete_{model}", can_manage)
