from django.contrib import admin

from .configuration import membership_changes_record
from .models import CannedResponse, Category, Queue, QueueMembership, Tag, WorkItem, WorkItemEvent


class MembershipInline(admin.TabularInline):
    model = QueueMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "routing_mode", "default_capacity", "is_active")
    list_filter = ("routing_mode", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]
    exclude = ("rr_cursor",)

    def save_related(self, request, form, formsets, change):
        """Membership changes made here bypass the services: record them in the security log."""
        queue = form.instance
        before = dict(QueueMembership.objects.filter(queue=queue).values_list("user_id", "role"))
        super().save_related(request, form, formsets, change)
        after = dict(QueueMembership.objects.filter(queue=queue).values_list("user_id", "role"))
        membership_changes_record(queue=queue, before=before, after=after, request=request)


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ("title", "queue", "is_active", "updated_at")
    list_filter = ("queue", "is_active")
    search_fields = ("title", "body")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "queue", "is_active")
    list_filter = ("queue",)


admin.site.register(Tag)


class EventInline(admin.TabularInline):
    model = WorkItemEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "verb", "data", "reason", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "queue", "subject", "status", "priority", "assignee", "due_at")
    list_filter = ("kind", "status", "priority", "queue")
    search_fields = ("subject",)
    list_select_related = ("queue", "assignee")
    raw_id_fields = ("customer", "assignee", "created_by")
    readonly_fields = ("created_at", "updated_at")
    inlines = [EventInline]
