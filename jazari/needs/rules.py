"""Who may do what with needs. The hub qualifies and assigns; the institutes a need is assigned to see it."""

import rules

from jazari.accounts.permissions import can_edit, can_manage, can_read, is_coordinator

rules.add_perm("needs", rules.is_authenticated)
rules.add_perm("needs.view_need", can_read)
rules.add_perm("needs.add_need", can_edit)
rules.add_perm("needs.change_need", can_edit)
rules.add_perm("needs.delete_need", can_manage)
# Qualifying, rejecting and assigning is the hub's work.
rules.add_perm("needs.qualify_need", is_coordinator)
