"""Needs in the workspace: the hub's list (every need), a region's or organisation's, and the needs
assigned to an institute. Each row opens the need's desk (projects app), where the hub qualifies, assigns
and answers it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jazari.core.exports import Column
from jazari.needs.filters import NeedFilter
from jazari.needs.forms import NeedForm
from jazari.needs.models import Need
from jazari.network.workspace import ManagedList, register_managed_list

register_managed_list(
    ManagedList(
        slug="needs",
        model=Need,
        title=_("Needs"),
        filterset=NeedFilter,
        form=NeedForm,
        lookup="public_id",
        key=lambda row: row.public_id,
        related=("region",),
        creatable=False,  # needs come from the public form
        manage_url=lambda row: reverse("projects_workspace:need", kwargs={"public_id": row.public_id}),
        columns=[
            Column.attribute(_("Title"), "title"),
            Column.attribute(_("Organisation"), "organisation_name"),
            Column.attribute(_("Kind"), "get_kind_display"),
            Column.attribute(_("Region"), "region.name"),
            Column.attribute(_("Status"), "get_status_display"),
            Column.attribute(_("Urgency"), "get_urgency_display"),
            Column.attribute(_("Submitted"), "created_at"),
            Column.attribute(_("Expires on"), "expires_on"),
            Column.attribute(_("Expired"), "is_expired"),
        ],
    )
)
