"""What complaints teach (trends, repeat complainants, the daily summary), and the board's
options (stages, root causes, categories, handlers, channels)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.accounts.roles import Role
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Queue
from helpdesk.queues.selectors import categories_for_queue
from helpdesk.reports.exports import wanted_output

from . import report_exports, reports
from .models import DailySummary, Outcome, RemedyKind, RootCause, Severity, Stage
from .report_serializers import (
    ComplaintDailySummarySerializer,
    ComplaintRepeaterSerializer,
    ComplaintRepeatFilterSerializer,
    ComplaintStoredSummarySerializer,
    ComplaintSummaryFilterSerializer,
    ComplaintTrendsFilterSerializer,
    ComplaintTrendsSerializer,
)
from .rules import ATTRIBUTION_REQUIRED
from .serializers import (
    ComplaintOptionsSerializer,
)

ATTRIBUTABLE_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ORDER_HANDLER)


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


class ComplaintOptionsApi(ApiView):
    """Everything the board's filters and forms offer."""

    rbac_permissions = {"get": Perm.COMPLAINT_READ}

    @extend_schema(
        responses=ComplaintOptionsSerializer, summary="Stages, root causes, categories, handlers"
    )
    def get(self, request):
        from helpdesk.queues.models import Kind, WorkItem
        from helpdesk.sla.clocks import policy_for
        from orders.models import SupplierChannel

        queue = Queue.objects.filter(slug=settings.COMPLAINTS_QUEUE).first()
        categories, handlers, appeal = [], [], False
        if queue is not None:
            categories = [{"id": c.pk, "name": c.name} for c in categories_for_queue(queue)]
            handlers = list(
                get_user_model()
                .objects.filter(memberships__queue=queue, is_active=True)
                .order_by("pk")
            )
            policy = policy_for(WorkItem(queue=queue, kind=Kind.COMPLAINT, priority=2))
            appeal = bool(policy and policy.appeal_to_manager)
        data = {
            "stages": _choices(Stage.choices),
            "severities": _choices(Severity.choices),
            "root_causes": [
                {"value": v, "label": str(label), "requires": ATTRIBUTION_REQUIRED.get(v)}
                for v, label in RootCause.choices
            ],
            "remedy_kinds": _choices(RemedyKind.choices),
            "outcomes": _choices(Outcome.choices),
            "categories": categories,
            "handlers": handlers,
            # whom a finding may be attributed to: active front-line staff (complaint handlers
            # may not list users, so the form takes them from here)
            "agents": get_user_model()
            .objects.filter(is_active=True, roles__role__in=ATTRIBUTABLE_ROLES)
            .distinct()
            .order_by("display_name", "username", "pk"),
            "channels": [
                {"id": pk, "name": name}
                for pk, name in SupplierChannel.objects.order_by("name").values_list("pk", "name")
            ],
            "approval_threshold_fen": settings.COMPLAINTS_APPROVAL_THRESHOLD_FEN,
            "appeal_to_manager": appeal,
            "queue": queue,
        }
        return Response(ComplaintOptionsSerializer(data).data)


class ComplaintTrendsApi(ApiView):
    rbac_permissions = {"get": Perm.COMPLAINT_REPORT}

    @extend_schema(
        parameters=[ComplaintTrendsFilterSerializer],
        responses=ComplaintTrendsSerializer,
        summary="Complaints received per day or week by root cause, channel, agent or category "
        "(attribution); ?output=csv|xlsx for a file",
    )
    def get(self, request):
        data = validated(ComplaintTrendsFilterSerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        result = reports.trends(
            by=data["by"], bucket=data["bucket"], since=data["since"], until=data["until"]
        )
        body = ComplaintTrendsSerializer(result).data
        if output:
            return report_exports.trends_file(request, data=body, output=output)
        return Response(body)


class RepeatComplainantsApi(ApiView):
    rbac_permissions = {"get": Perm.COMPLAINT_REPORT}

    @extend_schema(
        parameters=[ComplaintRepeatFilterSerializer],
        responses=ComplaintRepeaterSerializer(many=True),
        summary="Customers with at least `min` complaints in the last `days` days; "
        "?output=csv|xlsx for a file",
    )
    def get(self, request):
        data = validated(ComplaintRepeatFilterSerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        days = data.get("days") or settings.COMPLAINTS_REPEAT_WINDOW_DAYS
        minimum = data.get("min") or settings.COMPLAINTS_REPEAT_MIN
        rows = reports.repeat_complainants(days=days, minimum=minimum)
        body = ComplaintRepeaterSerializer(rows, many=True).data
        if output:
            return report_exports.repeat_file(
                request, data=body, output=output, days=days, minimum=minimum
            )
        return Response(body)


class DailySummaryApi(ApiView):
    rbac_permissions = {"get": Perm.COMPLAINT_REPORT}

    @extend_schema(
        parameters=[ComplaintSummaryFilterSerializer],
        responses=ComplaintStoredSummarySerializer,
        summary="The day's complaints for supervisors (today: live; a past day: as it was sent); "
        "?output=csv|xlsx for a file",
    )
    def get(self, request):
        data = validated(ComplaintSummaryFilterSerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        day = data.get("day") or reports.today()
        stored = DailySummary.objects.filter(day=day).first()
        if output:
            summary = (
                stored.data
                if stored is not None
                else ComplaintDailySummarySerializer(reports.daily_summary(day)).data
            )
            return report_exports.summary_file(request, summary=summary, output=output)
        if stored is not None:
            body = {
                "summary": stored.data,
                "stored": True,
                "sent_at": stored.created_at,
                "sent_to": stored.sent_to,
            }
            return Response({**ComplaintStoredSummarySerializer(body).data, "summary": stored.data})
        summary = ComplaintDailySummarySerializer(reports.daily_summary(day)).data
        return Response({"summary": summary, "stored": False, "sent_at": None, "sent_to": []})
