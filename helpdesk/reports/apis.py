"""Report endpoints: the service report, the daily problems and the monthly report
(docs/reports.md). Each answers JSON, or with ``?output=csv|xlsx`` the same figures as a file."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import monthly, periods, problems, service
from .exports import sheets_response, table_response, wanted_output
from .models import DailyProblems
from .serializers import (
    DailyProblemsSerializer,
    DayQuerySerializer,
    MonthlyReportSerializer,
    MonthQuerySerializer,
    ServiceQuerySerializer,
    ServiceReportSerializer,
)


class ServiceReportApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        parameters=[ServiceQuerySerializer],
        responses={200: ServiceReportSerializer},
        summary="Service figures by queue, kind, agent, category, day, week or month",
    )
    def get(self, request):
        data = validated(ServiceQuerySerializer, query_dict(request, ("queue",)))
        output = wanted_output(data.get("output"))
        span = periods.span(data.get("from"), data.get("to"))
        filters = service.Filters(
            queues=tuple(data.get("queue") or ()), kind=data.get("kind"), agent=data.get("agent")
        )
        report = service.service_report(span, by=data["by"], filters=filters)
        if output:
            return table_response(
                request,
                report="service",
                title=_("Service report"),
                columns=service.COLUMNS,
                rows=report["rows"],
                totals=report["totals"],
                output=output,
                params={
                    "from": span.first,
                    "to": span.last,
                    "by": data["by"],
                    "queue": list(filters.queues),
                    "kind": filters.kind,
                    "agent": filters.agent,
                },
            )
        return Response(ServiceReportSerializer(report).data)


class DailyProblemsApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        parameters=[DayQuerySerializer],
        responses={200: DailyProblemsSerializer},
        summary="The day's problems by category, with the worst items to follow up",
    )
    def get(self, request):
        data = validated(DayQuerySerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        day = data.get("date") or problems.default_day()
        report = problems.daily_problems(day)
        if output:
            return table_response(
                request,
                report="daily-problems",
                title=_("Daily problems"),
                columns=problems.COLUMNS,
                rows=problems.export_rows(report),
                totals=report["totals"],
                output=output,
                params={"date": day},
            )
        sent = DailyProblems.objects.filter(day=day).values_list("created_at", flat=True).first()
        return Response(DailyProblemsSerializer({**report, "sent_at": sent}).data)


class MonthlyReportApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        parameters=[MonthQuerySerializer],
        responses={200: MonthlyReportSerializer},
        summary="The manager's monthly report (against the previous month)",
    )
    def get(self, request):
        data = validated(MonthQuerySerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        month = periods.month_span(data.get("month"))
        report = monthly.monthly_report(month)
        params = {"month": report["month"]}
        if output == "xlsx":
            return sheets_response(
                request,
                report="monthly",
                title=_("Monthly report"),
                sheets=monthly.sheets(report),
                params=params,
            )
        if output == "csv":
            return table_response(
                request,
                report="monthly",
                title=_("Monthly report"),
                columns=service.COLUMNS,
                rows=report["by_queue"]["rows"],
                totals=report["by_queue"]["totals"],
                output=output,
                params=params,
            )
        return Response(MonthlyReportSerializer(report).data)
