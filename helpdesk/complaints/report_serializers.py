"""Serializers of what complaints teach: trends, repeat complainants, the daily summary, and
the filters that ask for them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.serializers import (
    CustomerBriefSerializer,
)

REPORT_MAX_DAYS = 400


class ComplaintTrendPointSerializer(serializers.Serializer):
    period = serializers.DateField()
    count = serializers.IntegerField()


class ComplaintTrendSeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    points = ComplaintTrendPointSerializer(many=True)


class ComplaintTrendsSerializer(serializers.Serializer):
    by = serializers.CharField()
    bucket = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField()
    periods = serializers.ListField(child=serializers.DateField())
    series = ComplaintTrendSeriesSerializer(many=True)


class ComplaintRepeaterSerializer(serializers.Serializer):
    customer = CustomerBriefSerializer()
    complaints = serializers.IntegerField()
    open = serializers.IntegerField()
    last_at = serializers.DateTimeField()


class ComplaintThemeSerializer(serializers.Serializer):
    dimension = serializers.CharField(help_text="category, root_cause or channel")
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    previous_daily_average = serializers.FloatField(required=False)


class ComplaintCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ComplaintBreachSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    stage = serializers.CharField()
    severity = serializers.CharField()
    assignee = serializers.CharField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)


class ComplaintBreachesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    items = ComplaintBreachSerializer(many=True)


class ComplaintRemedyTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    amount_fen = serializers.IntegerField()


class ComplaintDailySummarySerializer(serializers.Serializer):
    day = serializers.DateField()
    generated_at = serializers.DateTimeField()
    received = serializers.IntegerField()
    closed = serializers.IntegerField()
    open = serializers.IntegerField()
    open_by_stage = serializers.DictField(child=serializers.IntegerField())
    awaiting_manager = serializers.IntegerField()
    top_categories = ComplaintCountSerializer(many=True)
    new_themes = ComplaintThemeSerializer(many=True)
    rising_themes = ComplaintThemeSerializer(many=True)
    open_breaches = ComplaintBreachesSerializer()
    repeat_complainants = ComplaintRepeaterSerializer(many=True)
    remedies_approved = ComplaintRemedyTotalsSerializer()
    theme_lookback_days = serializers.IntegerField()


class ComplaintStoredSummarySerializer(serializers.Serializer):
    summary = ComplaintDailySummarySerializer()
    stored = serializers.BooleanField(help_text="True: as sent to the supervisors that night.")
    sent_at = serializers.DateTimeField(allow_null=True)
    sent_to = serializers.ListField(child=serializers.IntegerField())


class ComplaintTrendsFilterSerializer(StrictInputSerializer):
    by = serializers.ChoiceField(
        choices=[
            ("root_cause", "root_cause"),
            ("channel", "channel"),
            ("agent", "agent"),
            ("category", "category"),
        ]
    )
    bucket = serializers.ChoiceField(choices=[("day", "day"), ("week", "week")], default="week")
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_lazy("csv or xlsx: the same report as a file")
    )

    def validate(self, attrs):
        from datetime import timedelta

        until = attrs.get("until") or timezone.localdate()
        since = attrs.get("since") or until - timedelta(days=7 * 12 - 1)
        if since > until:
            raise serializers.ValidationError({"since": [_("The start is after the end.")]})
        if (until - since).days > REPORT_MAX_DAYS:
            raise serializers.ValidationError(
                {"since": [_("At most %(days)d days at a time.") % {"days": REPORT_MAX_DAYS}]}
            )
        return {**attrs, "since": since, "until": until}


class ComplaintRepeatFilterSerializer(StrictInputSerializer):
    days = serializers.IntegerField(min_value=1, max_value=REPORT_MAX_DAYS, required=False)
    min = serializers.IntegerField(min_value=2, max_value=1000, required=False)
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_lazy("csv or xlsx: the same report as a file")
    )


class ComplaintSummaryFilterSerializer(StrictInputSerializer):
    day = serializers.DateField(required=False)
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_lazy("csv or xlsx: the same report as a file")
    )
