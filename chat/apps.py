from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    label = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from helpdesk.queues.routing import register_candidate_filter

        from .presence import chat_candidates

        # Routing of chat items: only agents online (fresh heartbeat) and under chat capacity.
        register_candidate_filter(chat_candidates)
