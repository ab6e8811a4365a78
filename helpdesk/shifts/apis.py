"""Staffing endpoints."""

import json
from datetime import date, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Kind, Queue
from helpdesk.queues.selectors import queue_get_for_user

from . import changes, duty, people, rosters, services
from .models import RosterBuild, ShiftType
from .serializers import (
    CalendarFeedSerializer,
    CellsSetSerializer,
    CoverageRowSerializer,
    DemandDaySerializer,
    DemandForecastResultSerializer,
    DemandForecastSerializer,
    DemandQuerySerializer,
    DemandSetSerializer,
    ErlangCInputSerializer,
    ErlangCResultSerializer,
    LeaveCreateSerializer,
    LeaveDecisionSerializer,
    LeaveFilterSerializer,
    LeaveSerializer,
    MyShiftQuerySerializer,
    MyShiftSerializer,
    OnDutyQuerySerializer,
    OnDutySerializer,
    PreferenceCreateSerializer,
    PreferenceSerializer,
    RosterBuildCreateSerializer,
    RosterBuildSerializer,
    RosterChangeSerializer,
    RosterGridSerializer,
    RosterPeriodCreateSerializer,
    RosterPeriodSerializer,
    ShiftTypeCreateSerializer,
    ShiftTypeSerializer,
    StaffProfileSerializer,
    StaffProfileUpdateSerializer,
    SwapAnswerSerializer,
    SwapCreateSerializer,
    SwapDecisionSerializer,
    SwapFilterSerializer,
    SwapSerializer,
)


class ErlangCApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(
        request=ErlangCInputSerializer,
        responses=ErlangCResultSerializer,
        summary="Agents needed per interval (Erlang C), for one interval or a series",
    )
    def post(self, request):
        data = validated(ErlangCInputSerializer, request.data)
        contacts = data.pop("contacts", None)
        series = data.pop("series", None) or [contacts]
        return Response(services.staffing_for(series, **data))


def _queue(queue_id: int) -> Queue:
    queue = Queue.objects.filter(pk=queue_id).first()
    if queue is None:
        raise NotFound()
    return queue


class DemandApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN, "put": Perm.STAFFING_PLAN}

    @extend_schema(
        parameters=[
            OpenApiParameter("queue", int, required=True),
            OpenApiParameter("kind", str, required=True, enum=Kind.values),
            OpenApiParameter("from", date, required=True),
            OpenApiParameter("to", date, required=True),
        ],
        responses=DemandDaySerializer(many=True),
        summary="Demand per day and half-hour of one queue and kind of work",
    )
    def get(self, request):
        params = request.query_params
        data = validated(
            DemandQuerySerializer,
            {
                "queue": params.get("queue"),
                "kind": params.get("kind"),
                "first": params.get("from"),
                "last": params.get("to"),
            },
        )
        rows = services.demand_for(
            request.user, _queue(data["queue"]), data["first"], data["last"], data["kind"]
        )
        return Response(DemandDaySerializer(rows, many=True).data)

    @extend_schema(
        request=DemandSetSerializer,
        responses=DemandDaySerializer,
        summary="Enter one day's demand by hand (48 half-hours)",
    )
    def put(self, request):
        data = validated(DemandSetSerializer, request.data)
        queue = _queue(data["queue"])
        services.demand_set(
            actor=request.user,
            queue=queue,
            day=data["day"],
            kind=data["kind"],
            contacts=data["contacts"],
        )
        (row,) = services.demand_for(request.user, queue, data["day"], data["day"], data["kind"])
        return Response(DemandDaySerializer(row).data)


class DemandForecastApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(
        request=DemandForecastSerializer,
        responses=DemandForecastResultSerializer,
        summary="Forecast demand from the same weekday and half-hour of the last weeks",
    )
    def post(self, request):
        data = validated(DemandForecastSerializer, request.data)
        queue = _queue(data["queue"])
        written = services.demand_forecast(
            actor=request.user,
            queue=queue,
            first=data["first"],
            last=data["last"],
            kind=data["kind"],
            weeks=data["weeks"],
        )
        rows = services.demand_for(request.user, queue, data["first"], data["last"], data["kind"])
        return Response(
            {"days_written": written, "days": DemandDaySerializer(rows, many=True).data}
        )


class ShiftTypeListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.STAFFING_PLAN}

    @extend_schema(responses=ShiftTypeSerializer(many=True), summary="The active shift types")
    def get(self, request):
        rows = ShiftType.objects.filter(is_active=True)
        return Response(ShiftTypeSerializer(rows, many=True).data)

    @extend_schema(request=ShiftTypeCreateSerializer, responses={201: ShiftTypeSerializer})
    def post(self, request):
        data = validated(ShiftTypeCreateSerializer, request.data)
        shift_type = people.shift_type_create(**data)
        return Response(ShiftTypeSerializer(shift_type).data, status=status.HTTP_201_CREATED)


class LeaveListApi(ApiView):
    rbac_permissions = {"get": Perm.LEAVE_REQUEST, "post": Perm.LEAVE_REQUEST}

    @extend_schema(
        parameters=[LeaveFilterSerializer],
        responses=LeaveSerializer(many=True),
        summary="Leave requests: one's own; a supervisor's queues' members'; everyone's for managers",
    )
    def get(self, request):
        filters = validated(LeaveFilterSerializer, query_dict(request))
        qs = people.leave_list(
            request.user, status=filters.get("status"), mine=filters.get("mine", False)
        )
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(LeaveSerializer(page, many=True).data)

    @extend_schema(request=LeaveCreateSerializer, responses={201: LeaveSerializer})
    def post(self, request):
        data = validated(LeaveCreateSerializer, request.data)
        leave = people.leave_request(user=request.user, **data)
        return Response(LeaveSerializer(leave).data, status=status.HTTP_201_CREATED)


class LeaveDecideApi(ApiView):
    rbac_permissions = {"post": Perm.LEAVE_DECIDE}

    @extend_schema(request=LeaveDecisionSerializer, responses=LeaveSerializer)
    def post(self, request, leave_id: int):
        data = validated(LeaveDecisionSerializer, request.data)
        leave = people.leave_decide(
            actor=request.user,
            leave_id=leave_id,
            approve=data["approve"],
            note=data.get("note", ""),
        )
        return Response(LeaveSerializer(leave).data)


class LeaveCancelApi(ApiView):
    rbac_permissions = {"post": Perm.LEAVE_REQUEST}

    @extend_schema(request=None, responses=LeaveSerializer)
    def post(self, request, leave_id: int):
        leave = people.leave_cancel(actor=request.user, leave_id=leave_id)
        return Response(LeaveSerializer(leave).data)


class StaffRulesApi(ApiView):
    """A person's rules: they read their own; leads of their queues read and set them."""

    rbac_permissions = {"get": Perm.SHIFT_READ, "put": Perm.STAFFING_PLAN}

    @extend_schema(responses=StaffProfileSerializer)
    def get(self, request, user_id: int):
        user = people.person_get(request.user, user_id)
        return Response(StaffProfileSerializer(people.profile_of(user)).data)

    @extend_schema(request=StaffProfileUpdateSerializer, responses=StaffProfileSerializer)
    def put(self, request, user_id: int):
        data = validated(StaffProfileUpdateSerializer, request.data)
        user = people.person_get(request.user, user_id)
        profile = people.profile_set(actor=request.user, user=user, **data)
        return Response(StaffProfileSerializer(profile).data)


class PreferenceListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.SHIFT_READ}

    @extend_schema(responses=PreferenceSerializer(many=True), summary="One's own shift wishes")
    def get(self, request):
        rows = request.user.shift_preferences.all()
        return Response(PreferenceSerializer(rows, many=True).data)

    @extend_schema(request=PreferenceCreateSerializer, responses={201: PreferenceSerializer})
    def post(self, request):
        data = validated(PreferenceCreateSerializer, request.data)
        preference = people.preference_add(user=request.user, **data)
        return Response(PreferenceSerializer(preference).data, status=status.HTTP_201_CREATED)


class PreferenceDetailApi(ApiView):
    rbac_permissions = {"delete": Perm.SHIFT_READ}

    @extend_schema(responses={204: None})
    def delete(self, request, preference_id: int):
        people.preference_remove(user=request.user, preference_id=preference_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OnDutyApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ}

    @extend_schema(
        parameters=[OnDutyQuerySerializer],
        responses=OnDutySerializer(many=True),
        summary="Who is on shift for a queue at an instant (published roster, less leave)",
    )
    def get(self, request):
        data = validated(OnDutyQuerySerializer, query_dict(request))
        queue = queue_get_for_user(request.user, data["queue"])
        rows = []
        for assignment in duty.on_duty(queue.pk, data.get("at"), role=data.get("role")):
            starts, ends = duty.shift_bounds(assignment.day, assignment.shift_type)
            rows.append(
                {
                    "user": assignment.user,
                    "day": assignment.day,
                    "shift_type": assignment.shift_type,
                    "starts_at": starts,
                    "ends_at": ends,
                }
            )
        return Response(OnDutySerializer(rows, many=True).data)


# --- roster periods ------------------------------------------------------------------------------


class RosterListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.STAFFING_PLAN}

    @extend_schema(
        responses=RosterPeriodSerializer(many=True),
        summary="Roster periods: those of the queues one leads; published ones of one's queues",
    )
    def get(self, request):
        qs = (
            rosters.periods_visible_to(request.user)
            .select_related("published_by")
            .prefetch_related("queues")
            .order_by("-first_day", "pk")
        )
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RosterPeriodSerializer(page, many=True).data)

    @extend_schema(request=RosterPeriodCreateSerializer, responses={201: RosterPeriodSerializer})
    def post(self, request):
        data = validated(RosterPeriodCreateSerializer, request.data)
        period = rosters.period_create(
            actor=request.user,
            first_day=data["first_day"],
            last_day=data["last_day"],
            queue_ids=data["queues"],
        )
        return Response(RosterPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


def _grid_response(request, period):
    grid = rosters.grid_for(request.user, period)
    return Response(RosterGridSerializer(grid).data)


class RosterDetailApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "delete": Perm.STAFFING_PLAN}

    @extend_schema(
        responses=RosterGridSerializer,
        summary="The roster grid: people, shifts, rules broken, latest build",
    )
    def get(self, request, period_id: int):
        return _grid_response(request, rosters.period_get(request.user, period_id))

    @extend_schema(responses={204: None}, summary="Delete a draft roster")
    def delete(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.period_delete(actor=request.user, period=period)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RosterCellsApi(ApiView):
    rbac_permissions = {"put": Perm.STAFFING_PLAN}

    @extend_schema(
        request=CellsSetSerializer,
        responses=RosterGridSerializer,
        summary="Set cells of the grid (a draft: pinned edits; published: overrides, reason required)",
    )
    def put(self, request, period_id: int):
        data = validated(CellsSetSerializer, request.data)
        period = rosters.period_get(request.user, period_id)
        changes.cells_set(
            actor=request.user,
            period=period,
            cells=[
                changes.Cell(c["user"], c["day"], c["shift_type"], c.get("queue"))
                for c in data["cells"]
            ],
            reason=data.get("reason", ""),
        )
        return _grid_response(request, period)


class RosterCoverageApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN}

    @extend_schema(
        responses=CoverageRowSerializer(many=True),
        summary="People needed and on shift per queue, day and half-hour",
    )
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.require_plan(request.user, period)
        latest = period.builds.first()
        rows = rosters.coverage_of(period, latest.staffing if latest else None)
        return Response(CoverageRowSerializer(rows, many=True).data)


class RosterPublishApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(request=None, responses=RosterPeriodSerializer, summary="Publish a draft")
    def post(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        period = changes.publish(actor=request.user, period=period)
        return Response(RosterPeriodSerializer(period).data)


class RosterChangeListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ}

    @extend_schema(
        responses=RosterChangeSerializer(many=True),
        summary="Changes to a published roster (overrides and swaps)",
    )
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        qs = period.changes.select_related("user", "changed_by")
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RosterChangeSerializer(page, many=True).data)


class RosterBuildListApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN, "post": Perm.STAFFING_PLAN}

    @extend_schema(responses=RosterBuildSerializer(many=True), summary="Builds of a roster")
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.require_plan(request.user, period)
        qs = period.builds.select_related("requested_by")
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RosterBuildSerializer(page, many=True).data)

    @extend_schema(
        request=RosterBuildCreateSerializer,
        responses={202: RosterBuildSerializer},
        summary="Build the roster with the solver (a background task; read its progress)",
    )
    def post(self, request, period_id: int):
        data = validated(RosterBuildCreateSerializer, request.data)
        period = rosters.period_get(request.user, period_id)
        build = rosters.build_start(
            actor=request.user,
            period=period,
            time_limit_seconds=data["time_limit_seconds"],
            staffing=data.get("staffing"),
        )
        build.refresh_from_db()
        return Response(RosterBuildSerializer(build).data, status=status.HTTP_202_ACCEPTED)


def _build(request, build_id: int):
    build = RosterBuild.objects.select_related("period", "requested_by").filter(pk=build_id).first()
    if build is None:
        raise NotFound()
    rosters.period_get(request.user, build.period_id)
    rosters.require_plan(request.user, build.period)
    return build


class RosterBuildDetailApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN}

    @extend_schema(responses=RosterBuildSerializer, summary="A build: progress and outcome")
    def get(self, request, build_id: int):
        return Response(RosterBuildSerializer(_build(request, build_id)).data)


class RosterBuildCancelApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(request=None, responses=RosterBuildSerializer, summary="Stop a build")
    def post(self, request, build_id: int):
        build = rosters.build_cancel(actor=request.user, build=_build(request, build_id))
        return Response(RosterBuildSerializer(build).data)


# --- one's shifts, swaps, the calendar feed ----------------------------------------------------


class MyShiftsApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ}

    @extend_schema(
        parameters=[MyShiftQuerySerializer],
        responses=MyShiftSerializer(many=True),
        summary="Published shifts of oneself or a colleague (default: today and 6 weeks on)",
    )
    def get(self, request):
        data = validated(MyShiftQuerySerializer, query_dict(request))
        today = timezone.localdate(timezone=services.local_zone())
        first = data.get("first") or today
        last = data.get("last") or first + timedelta(days=42)
        services.days_between(first, last)
        rows = []
        for a in rosters.shifts_of(request.user, user_id=data.get("user"), first=first, last=last):
            starts, ends = duty.shift_bounds(a.day, a.shift_type)
            rows.append(
                {
                    "id": a.pk,
                    "period_id": a.period_id,
                    "day": a.day,
                    "shift_type": a.shift_type,
                    "queue_id": a.queue_id,
                    "starts_at": starts,
                    "ends_at": ends,
                }
            )
        return Response(MyShiftSerializer(rows, many=True).data)


class SwapListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.SHIFT_READ}

    @extend_schema(
        parameters=[SwapFilterSerializer],
        responses=SwapSerializer(many=True),
        summary="Swaps one asked for or was asked; for planners, those of their queues",
    )
    def get(self, request):
        filters = validated(SwapFilterSerializer, query_dict(request))
        qs = changes.swaps_visible_to(request.user)
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs.order_by("-created_at", "-pk"), request, view=self)
        return paginator.get_paginated_response(SwapSerializer(page, many=True).data)

    @extend_schema(request=SwapCreateSerializer, responses={201: SwapSerializer})
    def post(self, request):
        data = validated(SwapCreateSerializer, request.data)
        swap = changes.swap_request(
            actor=request.user,
            give_id=data["give"],
            colleague_id=data["colleague"],
            take_id=data.get("take"),
            reason=data.get("reason", ""),
        )
        return Response(SwapSerializer(swap).data, status=status.HTTP_201_CREATED)


class SwapAnswerApi(ApiView):
    rbac_permissions = {"post": Perm.SHIFT_READ}

    @extend_schema(request=SwapAnswerSerializer, responses=SwapSerializer)
    def post(self, request, swap_id: int):
        data = validated(SwapAnswerSerializer, request.data)
        swap = changes.swap_get(request.user, swap_id)
        swap = changes.swap_answer(actor=request.user, swap=swap, accept=data["accept"])
        return Response(SwapSerializer(swap).data)


class SwapDecideApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(request=SwapDecisionSerializer, responses=SwapSerializer)
    def post(self, request, swap_id: int):
        data = validated(SwapDecisionSerializer, request.data)
        swap = changes.swap_get(request.user, swap_id)
        swap = changes.swap_decide(
            actor=request.user, swap=swap, approve=data["approve"], note=data.get("note", "")
        )
        return Response(SwapSerializer(swap).data)


class SwapCancelApi(ApiView):
    rbac_permissions = {"post": Perm.SHIFT_READ}

    @extend_schema(request=None, responses=SwapSerializer)
    def post(self, request, swap_id: int):
        swap = changes.swap_get(request.user, swap_id)
        return Response(SwapSerializer(changes.swap_cancel(actor=request.user, swap=swap)).data)


def _feed_url(request, feed) -> str:
    return request.build_absolute_uri(f"/api/v1/shifts/calendar/{feed.token}.ics")


class CalendarFeedApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.SHIFT_READ}

    @extend_schema(responses=CalendarFeedSerializer, summary="One's secret iCal address")
    def get(self, request):
        return Response({"url": _feed_url(request, changes.calendar_feed(request.user))})

    @extend_schema(
        request=None,
        responses=CalendarFeedSerializer,
        summary="A new secret iCal address (the old one stops working)",
    )
    def post(self, request):
        feed = changes.calendar_feed(request.user, rotate=True)
        return Response({"url": _feed_url(request, feed)})


class ICalRenderer(BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()  # an error, in the shared shape


class CalendarIcsApi(ApiView):
    """The feed itself: no sign-in, the secret in the address is the key."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [ICalRenderer, JSONRenderer]

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiTypes.STR},
        summary="A person's published shifts as an iCal feed (the address is the secret)",
    )
    def get(self, request, token: str):
        response = Response(
            changes.calendar_ics(token), content_type="text/calendar; charset=utf-8"
        )
        response["Cache-Control"] = "private, max-age=300"
        return response
