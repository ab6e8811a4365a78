"""Inputs and outputs of the report endpoints (docs/reports.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.models import Kind

from .service import DIMENSIONS


class ServiceQuerySerializer(StrictInputSerializer):
    locals()["from"] = serializers.DateField(
        required=False, help_text=_("First local day (default: the first of this month)")
    )
    to = serializers.DateField(required=False, help_text=_("Last local day, inclusive"))
    by = serializers.ChoiceField(choices=DIMENSIONS, required=False, default="queue")
    queue = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    agent = serializers.IntegerField(min_value=1, required=False)
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_("csv or xlsx: the same report as a file")
    )


class DayQuerySerializer(StrictInputSerializer):
    date = serializers.DateField(required=False, help_text=_("Local day (default: today)"))
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_("csv or xlsx: the same report as a file")
    )


class MonthQuerySerializer(StrictInputSerializer):
    month = serializers.CharField(required=False, help_text=_("YYYY-MM (default: last month)"))
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_("xlsx: a workbook; csv: the by-queue table")
    )


class ServiceRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    created = serializers.IntegerField()
    resolved = serializers.IntegerField()
    backlog = serializers.IntegerField()
    first_response_count = serializers.IntegerField()
    first_response_median = serializers.FloatField(allow_null=True)
    first_response_p90 = serializers.FloatField(allow_null=True)
    resolution_median = serializers.FloatField(allow_null=True)
    resolution_p90 = serializers.FloatField(allow_null=True)
    handle_avg = serializers.FloatField(allow_null=True)
    sla_met = serializers.IntegerField()
    sla_breached = serializers.IntegerField()
    sla_attainment = serializers.FloatField(allow_null=True)
    offered = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    abandonment_rate = serializers.FloatField(allow_null=True)
    ratings = serializers.IntegerField()
    rating_avg = serializers.FloatField(allow_null=True)
    satisfied = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)


class ServiceReportSerializer(serializers.Serializer):
    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}

    to = serializers.DateField()
    by = serializers.CharField()
    time_zone = serializers.CharField()
    rows = ServiceRowSerializer(many=True)
    totals = ServiceRowSerializer()


class WorstItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    why = serializers.CharField()


class ProblemRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    created = serializers.IntegerField()
    previous_avg = serializers.FloatField()
    change = serializers.FloatField()
    change_rate = serializers.FloatField(allow_null=True)
    sla_breaches = serializers.IntegerField()
    low_ratings = serializers.IntegerField()
    complaints = serializers.IntegerField()
    reopened = serializers.IntegerField()
    worst = WorstItemSerializer(many=True, required=False)


class DailyProblemsSerializer(serializers.Serializer):
    date = serializers.DateField()
    time_zone = serializers.CharField()
    rating_target = serializers.IntegerField()
    rows = ProblemRowSerializer(many=True)
    totals = ProblemRowSerializer()
    sent_at = serializers.DateTimeField(allow_null=True, required=False)


class ChangeSerializer(serializers.Serializer):
    figure = serializers.CharField()
    current = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)


class AgentRowSerializer(ServiceRowSerializer):
    points = serializers.FloatField(allow_null=True)
    above_base = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class ServiceTableSerializer(serializers.Serializer):
    rows = ServiceRowSerializer(many=True)
    totals = ServiceRowSerializer()


class AgentTableSerializer(serializers.Serializer):
    rows = AgentRowSerializer(many=True)
    totals = ServiceRowSerializer()


class ScoreCountSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    count = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer):
    ratings = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    satisfaction_rate = serializers.FloatField(allow_null=True)
    distribution = ScoreCountSerializer(many=True)
    survey = serializers.JSONField(allow_null=True)


class SlaTargetSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    attainment = serializers.FloatField(allow_null=True)


class SlaSummarySerializer(serializers.Serializer):
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    attainment = serializers.FloatField(allow_null=True)
    previous_attainment = serializers.FloatField(allow_null=True)
    by_target = SlaTargetSerializer(many=True)


class CauseSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class TopCategorySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    created = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class MonthlyReportSerializer(serializers.Serializer):
    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}

    month = serializers.CharField()
    previous_month = serializers.CharField()
    to = serializers.DateField()
    time_zone = serializers.CharField()
    totals = ChangeSerializer(many=True)
    current = ServiceRowSerializer()
    previous = ServiceRowSerializer()
    by_queue = ServiceTableSerializer()
    by_kind = ServiceTableSerializer()
    by_agent = AgentTableSerializer()
    satisfaction = SatisfactionSerializer()
    sla = SlaSummarySerializer()
    complaints_by_root_cause = CauseSerializer(many=True)
    top_categories = TopCategorySerializer(many=True)
