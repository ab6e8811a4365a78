from django.contrib import admin

from .models import (
    CorrectiveAction,
    Criterion,
    PointCoefficient,
    Praise,
    Rating,
    RatingLink,
    Review,
    ReviewScore,
)


@admin.register(PointCoefficient)
class PointCoefficientAdmin(admin.ModelAdmin):
    list_display = ["kind", "category", "points"]
    list_filter = ["kind"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["item", "score", "source", "created_at"]
    list_filter = ["score", "source"]
    raw_id_fields = ["item"]


@admin.register(RatingLink)
class RatingLinkAdmin(admin.ModelAdmin):
    list_display = ["item", "sent_to", "created_at", "used_at"]
    raw_id_fields = ["item"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(admin.ModelAdmin):
    list_display = ["item", "assignee", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["item", "rating", "assignee"]


@admin.register(Praise)
class PraiseAdmin(admin.ModelAdmin):
    list_display = ["agent", "item", "recorded_by", "created_at"]
    raw_id_fields = ["item", "agent", "recorded_by"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "position", "is_active"]


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["item", "agent", "reviewer", "reason", "score", "status", "created_at"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["item", "agent", "reviewer", "answered_by"]
    inlines = [ReviewScoreInline]
