from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Ticket, TicketMessage


class MessageInline(admin.StackedInline):
    model = TicketMessage
    extra = 0
    fields = ("kind", "author", "body", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("author",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("filename", "content_type", "size", "sha256", "message", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("reference", "subject", "status", "queue", "channel", "requester_email")
    list_filter = ("channel", "item__status", "item__queue")
    search_fields = ("item__subject", "requester_email", "requester_name")
    list_select_related = ("item", "item__queue")
    raw_id_fields = ("item", "merged_into")
    inlines = [MessageInline, AttachmentInline]

    @admin.display(description=_("reference"), ordering="item_id")
    def reference(self, obj):
        return obj.item.reference

    @admin.display(description=_("subject"), ordering="item__subject")
    def subject(self, obj):
        return obj.item.subject

    @admin.display(description=_("status"), ordering="item__status")
    def status(self, obj):
        return obj.item.get_status_display()

    @admin.display(description=_("queue"), ordering="item__queue__name")
    def queue(self, obj):
        return obj.item.queue


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("filename", "ticket", "content_type", "size", "created_at")
    list_filter = ("content_type",)
    search_fields = ("filename", "sha256")
    raw_id_fields = ("ticket", "message", "uploaded_by")
    readonly_fields = ("sha256", "size", "content_type", "created_at")
