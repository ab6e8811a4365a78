from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "helpdesk.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self):
        from helpdesk.queues.models import Kind
        from helpdesk.queues.routing import register_unrouted_kind

        # The telephone system rings the agents: the help desk never routes a live call. Ring-backs
        # are ordinary work and are routed like tickets.
        register_unrouted_kind(Kind.CALL)
