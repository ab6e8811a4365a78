"""Published shifts day to day: who is on duty, one's shifts, swaps, the iCal feed."""

import json
from datetime import timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.selectors import queue_get_for_user

from . import changes, duty, rosters, services
from .serializers import (
    CalendarFeedSerializer,
    MyShiftQuerySerializer,
    MyShiftSerializer,
    OnDutyQuerySerializer,
    OnDutySerializer,
    SwapAnswerSerializer,
    SwapCreateSerializer,
    SwapDecisionSerializer,
    SwapFilterSerializer,
    SwapSerializer,
)


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
    pagination_class = PagePagination

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
        return self.paginated(request, qs.order_by("-created_at", "-pk"), SwapSerializer)

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

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        response.content_type = "application/json"  # an error, in the shared shape
        return response
