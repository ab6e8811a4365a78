"""Admin: chat capacity per agent is set here; conversations are shown read-only (the
transcript is the record: it changes only through the services)."""

from django.contrib import admin

from .models import AgentPresence, ChatMessage, Conversation


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin):
    list_display = ("user", "status", "last_seen", "chat_capacity")
    list_editable = ("chat_capacity",)
    list_filter = ("status",)
    search_fields = ("user__username", "user__display_name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("status", "last_seen")


class MessageInline(admin.TabularInline):
    model = ChatMessage
    extra = 0
    can_delete = False
    fields = ("seq", "sender", "internal", "author", "body", "attachment_name", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("item", "visitor_name", "state", "last_seq", "rating_score", "ended_at")
    list_filter = ("state", "item__queue")
    search_fields = ("visitor_name", "contact", "topic")
    list_select_related = ("item",)
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
