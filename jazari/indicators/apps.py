from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "jazari.indicators"
    label = "indicators"
    verbose_name = _("Strategy indicators")

    def ready(self) -> None:
        # The declared indicators, the job kinds and the workspace list of reports register themselves.
        from jazari.core.sections import WorkspaceTool, register_workspace_tool
        from jazari.indicators import computed, reported, tasks, workspace  # noqa: F401

        register_workspace_tool(
            WorkspaceTool(
                order=30,
                title=_("Quarterly reports and indicators"),
                description=_(
                    "Write and submit your institute's quarterly report, enter reported values with their "
                    "evidence, and (for the hub) validate them and produce the steering-committee report."
                ),
                url_name="indicators_workspace:reports",
                permission="indicators.view_institutereport",
            )
        )
