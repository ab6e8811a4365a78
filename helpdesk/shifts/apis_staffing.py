"""Staffing endpoints: agents needed (Erlang C), demand per half-hour and its forecast."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView
from helpdesk.queues.models import Kind, Queue

from . import services
from .serializers import (
    DemandDaySerializer,
    DemandForecastResultSerializer,
    DemandForecastSerializer,
    DemandQuerySerializer,
    DemandSetSerializer,
    ErlangCInputSerializer,
    ErlangCResultSerializer,
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
