from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "jazari.needs"
    label = "needs"
    verbose_name = _("Needs of regional actors")

    def ready(self) -> None:
        # The workspace list of needs registers itself.
        from jazari.needs import workspace  # noqa: F401
