"""Staffing endpoints."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Kind, Queue
from helpdesk.queues.selectors import queue_get_for_user

from . import duty, people, services
from .models import ShiftType
from .serializers import (
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
    OnDutyQuerySerializer,
    OnDutySerializer,
    PreferenceCreateSerializer,
    PreferenceSerializer,
    ShiftTypeCreateSerializer,
    ShiftTypeSerializer,
    StaffProfileSerializer,
    StaffProfileUpdateSerializer,
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
