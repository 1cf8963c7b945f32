"""Who may do what in the network registry. The predicates come from `jazari.accounts.permissions`."""

import rules

from jazari.accounts.permissions import can_edit, can_manage, can_read, is_coordinator

rules.add_perm("network", rules.is_authenticated)

# Regions and taxonomies are reference data: the hub keeps them.
for model in ("region",):
    rules.add_perm(f"network.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"network.{action}_{model}", is_coordinator)

# Institutes are created and closed by the hub; their managers and editors keep them up to date.
rules.add_perm("network.view_institute", can_read)
rules.add_perm("network.add_institute", is_coordinator)
rules.add_perm("network.change_institute", can_edit)
rules.add_perm("network.delete_institute", is_coordinator)

# What an institute is, where, under which short name, under which hub and at which stage is the hub's to
# decide: whoever else may change an institute changes its descriptive fields only (names, city, focus,
# themes, contacts). The workspace form, the API and the admin ask this permission.
INSTITUTE_IDENTITY_FIELDS = ("slug", "kind", "region", "parent", "status", "status_date")
rules.add_perm("network.change_institute_identity", is_coordinator)

# Organisations, people, affiliations and partnerships: editable inside one's scope.
for model in ("organisation", "person", "affiliation", "institutepartnership"):
    rules.add_perm(f"network.view_{model}", can_read)
    rules.add_perm(f"network.add_{model}", can_edit)
    rules.add_perm(f"network.change_{model}", can_edit)
    rules.add_perm(f"network.delete_{model}", can_manage)
