from django.contrib import admin

from .models import (
    Demand,
    LeaveRequest,
    Preference,
    RosterPeriod,
    ShiftAssignment,
    ShiftType,
    StaffProfile,
)


@admin.register(ShiftType)
class ShiftTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "start", "minutes", "is_night", "is_active")
    list_filter = ("is_night", "is_active")
    search_fields = ("name", "code")


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "first_day", "last_day", "kind", "status", "decided_by")
    list_filter = ("status", "kind")
    search_fields = ("user__username", "user__display_name")
    autocomplete_fields = ["user"]
    readonly_fields = ("requested_at", "decided_by", "decided_at")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "contracted_minutes_per_week",
        "max_consecutive_days",
        "max_shifts_per_week",
    )
    search_fields = ("user__username", "user__display_name")
    autocomplete_fields = ["user"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "wish", "weekday", "shift_type", "weight")
    list_filter = ("wish",)
    autocomplete_fields = ["user"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ("queue", "day", "slot", "kind", "contacts", "source")
    list_filter = ("queue", "kind", "source")
    date_hierarchy = "day"


class AssignmentInline(admin.TabularInline):
    model = ShiftAssignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(RosterPeriod)
class RosterPeriodAdmin(admin.ModelAdmin):
    list_display = ("first_day", "last_day", "status", "published_at", "published_by")
    list_filter = ("status",)
    readonly_fields = ("created_at", "published_at", "published_by")
    inlines = [AssignmentInline]
