from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "helpdesk.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from .evidence import register_core_readers

        # Evidence from the core's own kinds of work (tickets, calls); live chat registers its
        # reader from its own app (the core never imports chat).
        register_core_readers()
