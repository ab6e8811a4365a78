"""Input and output of the staffing calculator."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.accounts.roles import Role
from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.models import Kind
from helpdesk.queues.serializers import UserBriefSerializer

from .models import (
    DemandSource,
    LeaveKind,
    LeaveRequest,
    LeaveStatus,
    Preference,
    RosterBuild,
    RosterChange,
    RosterPeriod,
    ShiftSwap,
    ShiftType,
    StaffProfile,
    SwapStatus,
    Wish,
)

MAX_SERIES = 7 * 48  # a week of half-hours


class ErlangCInputSerializer(StrictInputSerializer):
    contacts = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="Contacts arriving in one interval (or give `series`).",
    )
    series = serializers.ListField(
        child=serializers.FloatField(min_value=0, max_value=1_000_000),
        required=False,
        max_length=MAX_SERIES,
        help_text="Contacts per interval for several intervals (e.g. a day of half-hours).",
    )
    interval_seconds = serializers.IntegerField(default=1800, min_value=60, max_value=86_400)
    handling_seconds = serializers.FloatField(
        default=180, min_value=1, max_value=86_400, help_text="Average handling time."
    )
    target_answer_seconds = serializers.FloatField(default=20, min_value=0, max_value=86_400)
    target_service_level = serializers.FloatField(
        default=0.8,
        min_value=0.01,
        max_value=0.999,
        help_text="Share answered within the target time (0.8 = 80 %).",
    )
    shrinkage = serializers.FloatField(default=0.3, min_value=0, max_value=0.9)
    max_occupancy = serializers.FloatField(default=0.85, min_value=0.1, max_value=1)
    concurrency = serializers.IntegerField(
        default=1, min_value=1, max_value=20, help_text="Contacts an agent holds at once (chats)."
    )

    def validate(self, attrs):
        if ("contacts" in attrs) == ("series" in attrs):
            raise serializers.ValidationError(
                {"contacts": [_("Give either contacts or series.")]}, code="invalid"
            )
        if "series" in attrs and not attrs["series"]:
            raise serializers.ValidationError(
                {"series": [_("Give at least one interval.")]}, code="invalid"
            )
        return attrs


class StaffingSerializer(serializers.Serializer):
    contacts = serializers.FloatField()
    traffic_erlangs = serializers.FloatField()
    raw_agents = serializers.IntegerField(help_text="Answering at once.")
    scheduled_agents = serializers.IntegerField(help_text="To roster, after shrinkage.")
    service_level = serializers.FloatField()
    occupancy = serializers.FloatField()
    probability_of_waiting = serializers.FloatField()
    average_speed_of_answer = serializers.FloatField(help_text="Seconds.")


class ErlangCResultSerializer(serializers.Serializer):
    intervals = StaffingSerializer(many=True)
    peak_scheduled_agents = serializers.IntegerField()
    scheduled_agent_hours = serializers.FloatField()


class DemandQuerySerializer(StrictInputSerializer):
    queue = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    # "from" is a keyword: the fields are mapped in the view.
    first = serializers.DateField()
    last = serializers.DateField()


class DemandDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    source = serializers.ChoiceField(choices=DemandSource.choices, allow_null=True)
    contacts = serializers.ListField(child=serializers.FloatField())


class DemandSetSerializer(StrictInputSerializer):
    queue = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    day = serializers.DateField()
    contacts = serializers.ListField(
        child=serializers.FloatField(min_value=0, max_value=1_000_000),
        help_text="48 half-hours from 00:00 local time.",
    )


class DemandForecastSerializer(StrictInputSerializer):
    queue = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    first = serializers.DateField()
    last = serializers.DateField()
    weeks = serializers.IntegerField(default=4, min_value=1, max_value=26)


class DemandForecastResultSerializer(serializers.Serializer):
    days_written = serializers.IntegerField(help_text="Days entered by hand are kept.")
    days = DemandDaySerializer(many=True)


class ShiftTypeSerializer(serializers.ModelSerializer):
    crosses_midnight = serializers.BooleanField(read_only=True)

    class Meta:
        model = ShiftType
        fields = ["id", "name", "code", "start", "minutes", "is_night", "crosses_midnight"]
        read_only_fields = fields


class ShiftTypeCreateSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=60)
    code = serializers.CharField(max_length=8)
    start = serializers.TimeField()
    minutes = serializers.IntegerField(min_value=60, max_value=16 * 60)
    is_night = serializers.BooleanField(
        required=False, help_text="Default: true when the shift covers any of 00:00–06:00."
    )


class LeaveSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)
    decided_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "user",
            "first_day",
            "last_day",
            "kind",
            "reason",
            "status",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class LeaveCreateSerializer(StrictInputSerializer):
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    kind = serializers.ChoiceField(choices=LeaveKind.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class LeaveFilterSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=LeaveStatus.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1)


class LeaveDecisionSerializer(StrictInputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class StaffProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffProfile
        fields = [
            "contracted_minutes_per_week",
            "hours_tolerance_percent",
            "max_consecutive_days",
            "max_shifts_per_week",
            "unavailable_weekdays",
        ]
        read_only_fields = fields


class StaffProfileUpdateSerializer(StrictInputSerializer):
    contracted_minutes_per_week = serializers.IntegerField(
        required=False, min_value=0, max_value=80 * 60
    )
    hours_tolerance_percent = serializers.IntegerField(required=False, min_value=0, max_value=50)
    max_consecutive_days = serializers.IntegerField(required=False, min_value=1, max_value=14)
    max_shifts_per_week = serializers.IntegerField(required=False, min_value=1, max_value=7)
    unavailable_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False, max_length=7
    )


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Preference
        fields = ["id", "wish", "weekday", "shift_type", "weight"]
        read_only_fields = fields


class PreferenceCreateSerializer(StrictInputSerializer):
    wish = serializers.ChoiceField(choices=Wish.choices)
    weekday = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=6)
    shift_type = serializers.PrimaryKeyRelatedField(
        queryset=ShiftType.objects.filter(is_active=True), required=False, allow_null=True
    )
    weight = serializers.IntegerField(required=False, default=1, min_value=1, max_value=5)


class OnDutyQuerySerializer(StrictInputSerializer):
    queue = serializers.IntegerField()
    at = serializers.DateTimeField(required=False, help_text="Default: now. With a UTC offset.")
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class OnDutySerializer(serializers.Serializer):
    user = UserBriefSerializer()
    day = serializers.DateField()
    shift_type = ShiftTypeSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


# --- roster periods, builds, edits, swaps ------------------------------------------------------


class RosterPeriodCreateSerializer(StrictInputSerializer):
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    queues = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=50
    )


class RosterPeriodSerializer(serializers.ModelSerializer):
    queues = serializers.SerializerMethodField()
    published_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = RosterPeriod
        fields = [
            "id",
            "first_day",
            "last_day",
            "status",
            "queues",
            "created_at",
            "published_at",
            "published_by",
        ]
        read_only_fields = fields

    def get_queues(self, period) -> list[int]:
        return sorted(q.pk for q in period.queues.all())


class RosterBuildSerializer(serializers.ModelSerializer):
    requested_by = UserBriefSerializer(allow_null=True)
    uncovered = serializers.SerializerMethodField()
    uncovered_count = serializers.SerializerMethodField()

    class Meta:
        model = RosterBuild
        fields = [
            "id",
            "period",
            "status",
            "requested_by",
            "time_limit_seconds",
            "staffing",
            "created_at",
            "started_at",
            "finished_at",
            "cancel_requested",
            "solver_status",
            "solutions",
            "first_solution_seconds",
            "objective",
            "bound",
            "progress",
            "uncovered",
            "uncovered_count",
            "problems",
            "violations",
            "error",
        ]
        read_only_fields = fields

    def get_uncovered(self, build) -> list[dict]:
        """Each uncovered half-hour: ``{"queue", "day", "slot", "missing"}`` (the first 2,000)."""
        return build.uncovered[:2000]

    def get_uncovered_count(self, build) -> int:
        return len(build.uncovered)


class StaffingSettingSerializer(StrictInputSerializer):
    handling_seconds = serializers.FloatField(min_value=1, max_value=86_400, required=False)
    target_answer_seconds = serializers.FloatField(min_value=0, max_value=86_400, required=False)
    target_service_level = serializers.FloatField(min_value=0.01, max_value=0.999, required=False)
    shrinkage = serializers.FloatField(min_value=0, max_value=0.9, required=False)
    max_occupancy = serializers.FloatField(min_value=0.1, max_value=1, required=False)
    concurrency = serializers.IntegerField(min_value=1, max_value=20, required=False)


class RosterBuildCreateSerializer(StrictInputSerializer):
    time_limit_seconds = serializers.IntegerField(default=30, min_value=1, max_value=600)
    staffing = serializers.DictField(
        child=StaffingSettingSerializer(),
        required=False,
        help_text="Per kind of work (call, chat, ticket, ...): Erlang C settings replacing the "
        "defaults.",
    )

    def validate_staffing(self, value):
        unknown = sorted(set(value) - set(Kind.values))
        if unknown:
            raise serializers.ValidationError(_("Unknown kind of work: %s") % ", ".join(unknown))
        return value


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    day = serializers.DateField()
    detail = serializers.CharField()


class RosterPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    is_supervisor = serializers.BooleanField()
    queues = serializers.ListField(child=serializers.IntegerField())
    leave_days = serializers.ListField(child=serializers.DateField())
    unavailable_weekdays = serializers.ListField(child=serializers.IntegerField())
    contracted_minutes_per_week = serializers.IntegerField()


class RosterAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    day = serializers.DateField()
    shift_type = serializers.IntegerField(source="shift_type_id")
    queue = serializers.IntegerField(source="queue_id")
    pinned = serializers.BooleanField()


class RosterGridSerializer(serializers.Serializer):
    period = RosterPeriodSerializer()
    may_plan = serializers.BooleanField()
    shift_types = ShiftTypeSerializer(many=True)
    people = RosterPersonSerializer(many=True)
    assignments = RosterAssignmentSerializer(many=True)
    violations = ViolationSerializer(many=True)
    latest_build = RosterBuildSerializer(allow_null=True)


class CellSerializer(StrictInputSerializer):
    user = serializers.IntegerField()
    day = serializers.DateField()
    shift_type = serializers.IntegerField(allow_null=True, help_text="null: a day off.")
    queue = serializers.IntegerField(required=False, help_text="Default: the cell's or the first.")


class CellsSetSerializer(StrictInputSerializer):
    cells = CellSerializer(many=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Required once published."
    )


class CoverageRowSerializer(serializers.Serializer):
    queue = serializers.IntegerField()
    day = serializers.DateField()
    need = serializers.ListField(child=serializers.IntegerField())
    on_shift = serializers.ListField(child=serializers.IntegerField())


class RosterChangeSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer()
    changed_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = RosterChange
        fields = [
            "id",
            "kind",
            "user",
            "day",
            "before",
            "after",
            "reason",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields


class SwapCreateSerializer(StrictInputSerializer):
    give = serializers.IntegerField(help_text="Your shift (assignment id).")
    colleague = serializers.IntegerField()
    take = serializers.IntegerField(
        required=False, allow_null=True, help_text="The colleague's shift in return, if any."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SwapAnswerSerializer(StrictInputSerializer):
    accept = serializers.BooleanField()


class SwapDecisionSerializer(StrictInputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SwapSerializer(serializers.ModelSerializer):
    requester = UserBriefSerializer()
    colleague = UserBriefSerializer()
    decided_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = ShiftSwap
        fields = [
            "id",
            "period",
            "requester",
            "colleague",
            "give",
            "take",
            "give_label",
            "take_label",
            "reason",
            "status",
            "created_at",
            "answered_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class SwapFilterSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=SwapStatus.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class MyShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    day = serializers.DateField()
    shift_type = ShiftTypeSerializer()
    queue = serializers.IntegerField(source="queue_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class MyShiftQuerySerializer(StrictInputSerializer):
    first = serializers.DateField(required=False)
    last = serializers.DateField(required=False)
    user = serializers.IntegerField(required=False, help_text="A colleague's (same queue).")


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.CharField()
