from typing import Any

import rules

from jazari.accounts.permissions import is_auditor, is_coordinator

# Only the hub's coordinators hand out roles.
rules.add_perm("accounts", rules.is_authenticated)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{action}_membership", is_coordinator)
    rules.add_perm(f"accounts.{action}_user", is_coordinator)

# Taxonomies shared by every app (core) are reference data kept by the hub.
rules.add_perm("core", rules.is_authenticated)
for model in ("theme", "skill"):
    rules.add_perm(f"core.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"core.{action}_{model}", is_coordinator)
rules.add_perm("core.view_job", is_coordinator | is_auditor)


@rules.predicate
def owns_api_token(user: Any, token: Any) -> bool:
    return token is not None and token.user_id == getattr(user, "pk", None)


# Everyone signed in keeps their own API tokens (through their pages, where the secret is shown once);
# the hub may see and revoke anyone's. Nobody creates a token for someone else.
rules.add_perm("accounts.add_apitoken", rules.always_deny)
rules.add_perm("accounts.view_apitoken", is_coordinator | owns_api_token)
rules.add_perm("accounts.change_apitoken", is_coordinator | owns_api_token)
rules.add_perm("accounts.delete_apitoken", is_coordinator)
