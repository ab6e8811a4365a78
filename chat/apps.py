from django.apps import AppConfig, apps
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

        if apps.is_installed("helpdesk.complaints"):
            from helpdesk.complaints.evidence import register_evidence_reader
            from helpdesk.queues.models import Kind

            from .evidence import chat_drafts

            # A complaint opened from a chat keeps its messages as evidence.
            register_evidence_reader(Kind.CHAT, chat_drafts)
