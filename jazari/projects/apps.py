from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "jazari.projects"
    label = "projects"
    verbose_name = _("Projects and deliverables")

    def ready(self) -> None:
        # The workspace lists and the home-page section register themselves.
        from jazari.core.sections import WorkspaceTool, register_workspace_tool
        from jazari.projects import home, workspace  # noqa: F401

        register_workspace_tool(
            WorkspaceTool(
                order=20,
                title=_("Portfolio of projects and needs"),
                description=_(
                    "The funnel of projects by stage, region and theme; stage gates, deliverables to "
                    "review and overdue ones; the needs waiting to be qualified and assigned."
                ),
                url_name="projects_workspace:portfolio",
                permission="projects.view_project",
            )
        )
