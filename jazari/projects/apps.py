from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "jazari.projects"
    label = "projects"
    verbose_name = _("Projects and deliverables")

    def ready(self) -> None:
        # The workspace lists and the home-page section register themselves.
        from jazari.projects import home, workspace  # noqa: F401
