"""Input and output of the SLA endpoints."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.models import Kind, Priority
from helpdesk.queues.serializers import UserBriefSerializer

from .models import (
    BusinessCalendar,
    DayKind,
    Escalation,
    EscalationChain,
    EscalationRun,
    SlaClock,
    SlaPolicy,
    SpecialDay,
    TargetKind,
)


def _minute(text: str) -> int:
    """``HH:MM`` (``24:00`` allowed) to minutes from midnight."""
    try:
        hours, minutes = (int(part) for part in text.split(":"))
    except (ValueError, AttributeError):
        raise serializers.ValidationError(_("Use HH:MM.")) from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise serializers.ValidationError(_("Use HH:MM between 00:00 and 24:00."))
    return hours * 60 + minutes


def _clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


class HoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday.")
    start = serializers.CharField(help_text="HH:MM")
    end = serializers.CharField(help_text="HH:MM (24:00 for midnight)")

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        errors = {}
        try:
            start = _minute(value["start"])
        except serializers.ValidationError as exc:
            errors["start"] = exc.detail
        try:
            end = _minute(value["end"])
        except serializers.ValidationError as exc:
            errors["end"] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return {"weekday": value["weekday"], "start_minute": start, "end_minute": end}


class CalendarInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=80)
    time_zone = serializers.CharField(max_length=64)
    hours = HoursSerializer(many=True)


class SpecialDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = SpecialDay
        fields = ["id", "day", "kind", "name", "hours_of_weekday", "source"]
        read_only_fields = fields


class CalendarSerializer(serializers.ModelSerializer):
    hours = serializers.SerializerMethodField()
    special_days = SpecialDaySerializer(many=True, read_only=True)

    class Meta:
        model = BusinessCalendar
        fields = ["id", "name", "time_zone", "country", "hours", "special_days", "updated_at"]
        read_only_fields = fields

    def get_hours(self, calendar) -> list[dict]:
        """``[{"weekday", "start", "end"}]`` (``HH:MM``)."""
        return [
            {
                "weekday": h.weekday,
                "start": _clock_text(h.start_minute),
                "end": _clock_text(h.end_minute),
            }
            for h in calendar.hours.all()
        ]


class SpecialDayInputSerializer(StrictInputSerializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayKind.choices)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    hours_of_weekday = serializers.IntegerField(min_value=0, max_value=6, default=0)


class HolidayImportSerializer(StrictInputSerializer):
    country = serializers.CharField(max_length=8, help_text="e.g. CN")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class HolidayImportResultSerializer(serializers.Serializer):
    days_written = serializers.IntegerField()


class QueueCalendarRowSerializer(serializers.Serializer):
    queue = serializers.IntegerField()
    calendar = serializers.IntegerField(allow_null=True)


class QueueCalendarSerializer(StrictInputSerializer):
    calendar = serializers.IntegerField(allow_null=True)


class PolicyInputSerializer(StrictInputSerializer):
    queue = serializers.IntegerField()
    priority = serializers.ChoiceField(choices=Priority.choices, allow_null=True, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, allow_blank=True, required=False)
    first_response_minutes = serializers.IntegerField(
        min_value=1, max_value=525_600, allow_null=True, required=False
    )
    next_response_minutes = serializers.IntegerField(
        min_value=1, max_value=525_600, allow_null=True, required=False
    )
    resolution_minutes = serializers.IntegerField(
        min_value=1, max_value=525_600, allow_null=True, required=False
    )
    warn_percent = serializers.IntegerField(min_value=1, max_value=99, default=80)
    escalation = serializers.IntegerField(allow_null=True, required=False)
    appeal_to_manager = serializers.BooleanField(default=False)


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = SlaPolicy
        fields = [
            "id",
            "queue",
            "priority",
            "kind",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
            "warn_percent",
            "escalation",
            "appeal_to_manager",
            "updated_at",
        ]
        read_only_fields = fields


class LevelSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=TargetKind.choices)
    after_minutes = serializers.IntegerField(min_value=0, max_value=7 * 24 * 60)


class ChainInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=80)
    levels = LevelSerializer(many=True, min_length=1, max_length=10)


class ChainSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = EscalationChain
        fields = ["id", "name", "levels", "updated_at"]
        read_only_fields = fields


class ClockSerializer(serializers.ModelSerializer):
    remaining_seconds = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = SlaClock
        fields = [
            "id",
            "kind",
            "state",
            "target_seconds",
            "used_seconds",
            "started_at",
            "due_at",
            "warn_at",
            "warned_at",
            "breached_at",
            "stopped_at",
            "remaining_seconds",
        ]
        read_only_fields = fields


class StepSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    target = serializers.CharField()
    skipped = serializers.BooleanField()
    ran_at = serializers.DateTimeField()
    notified = UserBriefSerializer(many=True)


class RunSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id")
    item_kind = serializers.CharField(source="item.kind")
    queue = serializers.IntegerField(source="item.queue_id")
    reference = serializers.CharField(source="item.reference")
    subject = serializers.CharField(source="item.subject")
    steps = StepSerializer(many=True, read_only=True)
    acknowledged_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = EscalationRun
        fields = [
            "id",
            "item",
            "item_kind",
            "queue",
            "reference",
            "subject",
            "chain_name",
            "levels",
            "state",
            "next_level",
            "next_at",
            "started_at",
            "acknowledged_by",
            "acknowledged_at",
            "ended_at",
            "steps",
        ]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id")
    item_kind = serializers.CharField(source="item.kind")
    queue = serializers.IntegerField(source="item.queue_id")
    reference = serializers.CharField(source="item.reference")
    subject = serializers.CharField(source="item.subject")
    raised_by = UserBriefSerializer(allow_null=True)
    to_user = UserBriefSerializer()
    handled_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Escalation
        fields = [
            "id",
            "item",
            "item_kind",
            "queue",
            "reference",
            "subject",
            "raised_by",
            "to_user",
            "level",
            "reason",
            "ask",
            "answer_by",
            "state",
            "created_at",
            "handled_by",
            "handled_at",
            "note",
        ]
        read_only_fields = fields


class EscalateSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=2000)
    ask = serializers.CharField(max_length=2000, help_text="What is asked of the level above.")
    answer_by = serializers.DateTimeField(required=False, allow_null=True)
    to_manager = serializers.BooleanField(
        default=False,
        help_text="A complaint's appeal, straight to a manager (if the policy allows).",
    )


class EscalationNoteSerializer(StrictInputSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EscalationReassignSerializer(StrictInputSerializer):
    to_user = serializers.IntegerField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EscalationFilterSerializer(StrictInputSerializer):
    state = serializers.CharField(required=False)
    mine = serializers.ChoiceField(
        choices=[("to", "raised to me"), ("by", "raised by me")], required=False
    )
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class ItemSlaSerializer(serializers.Serializer):
    clocks = ClockSerializer(many=True)
    runs = RunSerializer(many=True)
    escalations = EscalationSerializer(many=True)
