from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Call, HotlineAnomaly, RingBack, TelephonyIntegration


@admin.register(TelephonyIntegration)
class TelephonyIntegrationAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "default_queue", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "description")
    raw_id_fields = ("default_queue",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "direction",
        "state",
        "from_number",
        "to_number",
        "queue",
        "agent",
        "initiated_at",
        "wait_seconds",
        "talk_seconds",
    )
    list_filter = ("state", "direction", "source", "queue")
    search_fields = ("from_number", "to_number", "pbx_call_id", "item__subject")
    list_select_related = ("queue", "agent")
    raw_id_fields = ("item", "agent", "ringback", "regarding", "matched_customers")
    date_hierarchy = "initiated_at"

    @admin.display(description=_("reference"), ordering="item_id")
    def reference(self, obj):
        return obj.reference


@admin.register(RingBack)
class RingBackAdmin(admin.ModelAdmin):
    list_display = ("item", "number", "queue", "missed_count", "attempts", "last_missed_at")
    list_filter = ("queue", "folding")
    search_fields = ("number",)
    raw_id_fields = ("item", "completed_by_call")


@admin.register(HotlineAnomaly)
class HotlineAnomalyAdmin(admin.ModelAdmin):
    list_display = ("created_at", "reason", "integration", "event", "pbx_call_id", "remote_addr")
    list_filter = ("reason", "integration")
    search_fields = ("pbx_call_id",)
    raw_id_fields = ("call",)

    def has_add_permission(self, request):
        return False
