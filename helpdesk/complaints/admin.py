from django.contrib import admin

from .models import Complaint, ComplaintStep, DailySummary, Evidence, Remedy


class StepInline(admin.TabularInline):
    model = ComplaintStep
    extra = 0
    can_delete = False
    fields = ("action", "from_stage", "to_stage", "actor", "reason", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RemedyInline(admin.TabularInline):
    model = Remedy
    extra = 0
    can_delete = False
    fields = ("kind", "order", "amount_fen", "state", "approved_by", "executed_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change through their workflow (the API), never by hand."""

    list_display = ("item", "stage", "severity", "root_cause", "appeal_round", "outcome")
    list_filter = ("stage", "severity", "root_cause", "outcome")
    search_fields = ("item__subject",)
    inlines = [StepInline, RemedyInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["orders"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("complaint", "kind", "source_ref", "party", "author_name", "occurred_at")
    list_filter = ("kind", "party")
    search_fields = ("body", "source_ref", "filename")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DailySummary)
class DailySummaryAdmin(admin.ModelAdmin):
    list_display = ("day", "created_at")
    readonly_fields = ("day", "data", "sent_to", "created_at")

    def has_add_permission(self, request):
        return False
