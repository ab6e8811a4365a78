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

        if apps.is_installed("helpdesk.reports"):
            from helpdesk.reports.wallboard_live import wallboard_changed
            from helpdesk.reports.wallboard_sources import ChatSource, register_chat_source

            from .models import AgentPresence, Conversation, PresenceStatus, State
            from .presence import fresh_since, on_presence_change

            # The supervisors' wallboard: waiting chats and who is online, as subqueries of its
            # own SQL; a presence change rings its doorbell.
            register_chat_source(
                ChatSource(
                    waiting_item_ids=lambda: Conversation.objects.filter(
                        state=State.WAITING
                    ).values("item_id"),
                    online_user_ids=lambda: AgentPresence.objects.filter(
                        status=PresenceStatus.ONLINE, last_seen__gte=fresh_since()
                    ).values("user_id"),
                )
            )
            on_presence_change(wallboard_changed)
