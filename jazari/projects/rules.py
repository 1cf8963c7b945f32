"""Who may do what with projects and deliverables. The predicates come from `jazari.accounts.permissions`.

An author of a deliverable never reviews it: `projects.review_deliverable` refuses them whatever their role,
and the view, the API and the service all ask this rule.
"""

from typing import Any

import rules

from jazari.accounts.permissions import can_edit, can_manage, can_read


@rules.predicate
def is_deliverable_author(user: Any, deliverable: Any = None) -> bool:
    return deliverable is not None and deliverable.is_author(user)


rules.add_perm("projects", rules.is_authenticated)
for model in (
    "project",
    "participant",
    "deliverable",
    "deliverableversion",
    "deliverablereview",
    "stagegate",
    "match",
):
    rules.add_perm(f"projects.view_{model}", can_read)
    rules.add_perm(f"projects.add_{model}", can_edit)
    rules.add_perm(f"projects.change_{model}", can_edit)
    rules.add_perm(f"projects.delete_{model}", can_manage)

rules.add_perm("projects.decide_stagegate", can_manage)
rules.add_perm("projects.review_deliverable", can_manage & ~is_deliverable_author)
rules.add_perm("projects.publish_deliverable", can_manage)
