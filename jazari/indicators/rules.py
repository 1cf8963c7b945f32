"""Who may do what with the strategy indicators. The predicates come from `jazari.accounts.permissions`.

Priorities, indicators and targets are the hub's; the observations the platform computes are read by all,
reported ones are entered and validated by the hub; an institute's managers write its quarterly report and
the hub validates or returns it.
"""

import rules

from jazari.accounts.permissions import can_edit, can_manage, can_read, is_auditor, is_coordinator

rules.add_perm("indicators", rules.is_authenticated)
for model in ("priority", "indicator", "target", "observation"):
    rules.add_perm(f"indicators.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"indicators.{action}_{model}", is_coordinator)
rules.add_perm("indicators.validate_observation", is_coordinator)

rules.add_perm("indicators.view_institutereport", can_read | is_auditor)
rules.add_perm("indicators.add_institutereport", can_manage)
rules.add_perm("indicators.change_institutereport", can_edit)
rules.add_perm("indicators.delete_institutereport", is_coordinator)
rules.add_perm("indicators.review_institutereport", is_coordinator)
