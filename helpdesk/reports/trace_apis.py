"""``GET /api/v1/reports/service/items/``: the records behind one figure of the service report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Kind, Status
from helpdesk.queues.serializers import UserBriefSerializer
from helpdesk.sla.models import ClockKind, ClockState

from . import periods, service, trace
from .serializers import ServiceQuerySerializer


class ServiceTraceQuerySerializer(ServiceQuerySerializer):
    key = serializers.CharField(
        max_length=40, help_text=_("The row's key in the report, or total for the totals row.")
    )
    figure = serializers.ChoiceField(choices=trace.TRACE_FIGURES)
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("output", None)
        return fields


class _Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TraceItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    queue = _Named()
    category = _Named(allow_null=True)
    assignee = UserBriefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class TraceClockSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClockKind.choices)
    state = serializers.ChoiceField(choices=ClockState.choices)
    due_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)


class TraceRatingSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class TraceRowSerializer(serializers.Serializer):
    item = TraceItemSerializer()
    clock = TraceClockSerializer(allow_null=True, help_text=_("SLA figures: the clock counted."))
    rating = TraceRatingSerializer(allow_null=True, help_text=_("Ratings: the rating counted."))


class ServiceTraceSerializer(serializers.Serializer):
    figure = serializers.CharField()
    key = serializers.CharField()
    record = serializers.ChoiceField(
        choices=[("item", "item"), ("clock", "clock"), ("rating", "rating")],
        help_text=_("What the figure counts: work items, SLA clocks or ratings."),
    )
    count = serializers.IntegerField(help_text=_("Equals the figure in the report."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TraceRowSerializer(many=True)


class ServiceTraceApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        parameters=[ServiceTraceQuerySerializer],
        responses={
            200: ServiceTraceSerializer,
            400: OpenApiResponse(description="invalid_key, invalid_figure, invalid_period"),
        },
        summary="The work items, SLA clocks or ratings behind one figure of the service report",
    )
    def get(self, request):
        data = validated(ServiceTraceQuerySerializer, query_dict(request, ("queue",)))
        span = periods.span(data.get("from"), data.get("to"))
        filters = service.Filters(
            queues=tuple(data.get("queue") or ()), kind=data.get("kind"), agent=data.get("agent")
        )
        record, qs = trace.records(
            span, by=data["by"], key=data["key"], figure=data["figure"], filters=filters
        )
        paginator = PagePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        body = {
            "figure": data["figure"],
            "key": data["key"],
            "record": record,
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": [trace.row(record, r) for r in page],
        }
        return Response(ServiceTraceSerializer(body).data)
