"""Survey campaigns, the public survey link and the satisfaction analysis report, under
``/api/v1/quality/`` (docs/surveys.md)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.reports.exports import Column, table_response, wanted_output

from . import satisfaction, survey_reports, surveys
from .survey_models import SurveyCampaign
from .survey_serializers import (
    SatisfactionExportQuerySerializer,
    SatisfactionFiguresSerializer,
    SatisfactionQuerySerializer,
    SatisfactionReportInputSerializer,
    SatisfactionReportSerializer,
    SatisfactionReportSummarySerializer,
    SatisfactionReportUpdateSerializer,
    SatisfactionSendBackSerializer,
    SurveyAnswerInputSerializer,
    SurveyAnswerSerializer,
    SurveyCampaignInputSerializer,
    SurveyCampaignSerializer,
    SurveyPageSerializer,
)

CONFLICT = OpenApiResponse(description="the campaign or report is not in a state for this")
LINK_ERRORS = {
    400: OpenApiResponse(description="invalid_link (forged or damaged), invalid (a score)"),
    404: OpenApiResponse(description="no such link"),
    410: OpenApiResponse(description="survey_closed (past the deadline or closed), link_used"),
}
TABLE_LABELS = {
    "queue": gettext_lazy("Queue"),
    "agent": gettext_lazy("Agent"),
    "category": gettext_lazy("Category"),
    "kind": gettext_lazy("Kind"),
    "week": gettext_lazy("Week"),
    "day": gettext_lazy("Day"),
}
CAMPAIGN_LIMIT = 200
REPORT_LIMIT = 200


# --- campaigns -------------------------------------------------------------------------------------


class CampaignListApi(ApiView):
    rbac_permissions = {"get": Perm.SURVEY_MANAGE, "post": Perm.SURVEY_MANAGE}

    @extend_schema(
        responses=SurveyCampaignSerializer(many=True),
        summary="Survey campaigns with their counts (newest first, 200)",
    )
    def get(self, request):
        campaigns = surveys.campaigns_with_counts()[:CAMPAIGN_LIMIT]
        return Response(SurveyCampaignSerializer(campaigns, many=True).data)

    @extend_schema(
        request=SurveyCampaignInputSerializer,
        responses={201: SurveyCampaignSerializer},
        summary="Create a survey campaign (a draft)",
    )
    def post(self, request):
        data = validated(SurveyCampaignInputSerializer, request.data)
        campaign = surveys.campaign_create(
            actor=request.user,
            name=data["name"],
            intro=data["intro"],
            deadline=data["deadline"],
            queue_id=data["queue"],
            served_from=data["served_from"],
            served_to=data["served_to"],
        )
        out = SurveyCampaignSerializer(surveys.campaign_get(campaign.pk)).data
        return Response(out, status=status.HTTP_201_CREATED)


class CampaignApi(ApiView):
    rbac_permissions = {"get": Perm.SURVEY_MANAGE}

    @extend_schema(responses=SurveyCampaignSerializer, summary="A survey campaign with its counts")
    def get(self, request, campaign_id: int):
        return Response(SurveyCampaignSerializer(surveys.campaign_get(campaign_id)).data)


class CampaignSendApi(ApiView):
    rbac_permissions = {"post": Perm.SURVEY_MANAGE}

    @extend_schema(
        request=None,
        responses={200: SurveyCampaignSerializer, 409: CONFLICT},
        summary="Send (or resume sending): invites are created and mailed in batches",
    )
    def post(self, request, campaign_id: int):
        surveys.campaign_send(campaign_id=campaign_id, actor=request.user)
        return Response(SurveyCampaignSerializer(surveys.campaign_get(campaign_id)).data)


class CampaignCloseApi(ApiView):
    rbac_permissions = {"post": Perm.SURVEY_MANAGE}

    @extend_schema(
        request=None,
        responses={200: SurveyCampaignSerializer, 409: CONFLICT},
        summary="Close a campaign: its links answer 410 survey_closed",
    )
    def post(self, request, campaign_id: int):
        surveys.campaign_close(campaign_id=campaign_id, actor=request.user)
        return Response(SurveyCampaignSerializer(surveys.campaign_get(campaign_id)).data)


class SurveyLinkApi(ApiView):
    """The customer's survey link (public: the signed token in the address is the key)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: SurveyPageSerializer, **LINK_ERRORS},
        summary="The survey a link opens",
        operation_id="quality_survey_link_read",
    )
    def get(self, request, token: str):
        invite = surveys.invite_read(token)
        data = {"campaign": invite.campaign, "customer": invite.customer}
        data["questions"] = surveys.questions()
        return Response(SurveyPageSerializer(data).data)

    @extend_schema(
        request=SurveyAnswerInputSerializer,
        responses={201: SurveyAnswerSerializer, **LINK_ERRORS},
        summary="Answer the survey (once)",
        operation_id="quality_survey_link_answer",
    )
    def post(self, request, token: str):
        data = validated(SurveyAnswerInputSerializer, request.data)
        answer = surveys.survey_answer(token=token, **data)
        return Response(SurveyAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


# --- the analysis ----------------------------------------------------------------------------------

SCORE_COLUMNS = [
    Column("count", gettext_lazy("Ratings"), "int"),
    Column("average", gettext_lazy("Average"), "number"),
    *[Column(f"s{n}", str(n), "int") for n in (1, 2, 3, 4, 5)],
]


def _export(request, *, figures: dict, table: str, output: str, report: str, params: dict):
    """One table of the figures as CSV or XLSX (the same rows the page shows)."""
    period = figures["period"]["label"]
    campaign = figures.get("campaign")
    if table in ("questions", "comments") and campaign is None:
        message = _("This report has no survey campaign.")
        raise ServiceError(message, code="invalid", fields={"table": [message]})
    if table == "questions":
        columns = [Column("label", gettext_lazy("Question")), *SCORE_COLUMNS]
        rows, totals = campaign["questions"], None
    elif table == "comments":
        columns = [
            Column("created_at", gettext_lazy("When")),
            Column("service", gettext_lazy("Service quality"), "int"),
            Column("price", gettext_lazy("Price"), "int"),
            Column("overall", gettext_lazy("Overall satisfaction"), "int"),
            Column("text", gettext_lazy("Comment"), width=60),
        ]
        rows, totals = campaign["comments"], None
    else:
        columns = [Column("label", TABLE_LABELS[table], width=30), *SCORE_COLUMNS]
        rows = figures["ratings"]["by"][table]
        totals = figures["ratings"]["totals"]
    title = _("Satisfaction analysis %(period)s") % {"period": period}
    return table_response(
        request,
        report=report,
        title=title,
        columns=columns,
        rows=rows,
        output=output,
        totals=totals,
        params={**params, "table": table, "period": period},
    )


def _period(data: dict) -> satisfaction.DateRange:
    return satisfaction.date_range(
        month=data.get("month"), date_from=data.get("from"), date_to=data.get("to")
    )


class SatisfactionAnalysisApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        parameters=[SatisfactionQuerySerializer],
        responses={200: SatisfactionFiguresSerializer},
        summary="The satisfaction analysis for a period (?output=csv|xlsx&table=… to export)",
    )
    def get(self, request):
        query = validated(SatisfactionQuerySerializer, query_dict(request))
        output = wanted_output(query.get("output"))
        period = _period(query)
        campaign = None
        if query.get("campaign") is not None:
            campaign = SurveyCampaign.objects.filter(pk=query["campaign"]).first()
            if campaign is None:
                raise NotFound()
        figures = satisfaction.figures(period, campaign)
        if output:
            params = {"campaign": campaign.name if campaign else None}
            return _export(
                request,
                figures=figures,
                table=query["table"],
                output=output,
                report="satisfaction",
                params=params,
            )
        return Response(figures)


# --- the stored report -----------------------------------------------------------------------------


def _report_out(request, report_id: int) -> dict:
    report = survey_reports.report_get(request.user, report_id)
    figures = survey_reports.report_figures(report)
    return SatisfactionReportSerializer(report, context={"figures": figures}).data


class ReportListApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN, "post": Perm.SURVEY_MANAGE}

    @extend_schema(
        responses=SatisfactionReportSummarySerializer(many=True),
        summary="Satisfaction reports: published ones for everyone, all for survey.manage",
    )
    def get(self, request):
        reports = survey_reports.reports_for(request.user)[:REPORT_LIMIT]
        return Response(SatisfactionReportSummarySerializer(reports, many=True).data)

    @extend_schema(
        request=SatisfactionReportInputSerializer,
        responses={201: SatisfactionReportSerializer},
        summary="Draft a satisfaction analysis report",
    )
    def post(self, request):
        data = validated(SatisfactionReportInputSerializer, request.data)
        report = survey_reports.report_create(
            actor=request.user,
            period=_period(data),
            campaign_id=data["campaign"],
            title=data["title"],
            summary=data["summary"],
            actions=data["actions"],
        )
        return Response(_report_out(request, report.pk), status=status.HTTP_201_CREATED)


class ReportApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN, "patch": Perm.SURVEY_MANAGE}

    @extend_schema(
        parameters=[SatisfactionExportQuerySerializer],
        responses={200: SatisfactionReportSerializer},
        summary="A report with its figures (frozen once submitted); ?output=csv|xlsx&table=…",
    )
    def get(self, request, report_id: int):
        query = validated(SatisfactionExportQuerySerializer, query_dict(request))
        output = wanted_output(query.get("output"))
        if output:
            report = survey_reports.report_get(request.user, report_id)
            return _export(
                request,
                figures=survey_reports.report_figures(report),
                table=query["table"],
                output=output,
                report="satisfaction-report",
                params={"report": report.pk, "status": report.status},
            )
        return Response(_report_out(request, report_id))

    @extend_schema(
        request=SatisfactionReportUpdateSerializer,
        responses={200: SatisfactionReportSerializer, 409: CONFLICT},
        summary="Edit a draft or sent-back report",
    )
    def patch(self, request, report_id: int):
        data = dict(validated(SatisfactionReportUpdateSerializer, request.data))
        survey_reports.report_get(request.user, report_id)
        if any(k in data for k in ("month", "from", "to")):
            data["period"] = _period(data)
        for key in ("month", "from", "to"):
            data.pop(key, None)
        survey_reports.report_update(report_id=report_id, actor=request.user, **data)
        return Response(_report_out(request, report_id))


class ReportSubmitApi(ApiView):
    rbac_permissions = {"post": Perm.SURVEY_MANAGE}

    @extend_schema(
        request=None,
        responses={200: SatisfactionReportSerializer, 409: CONFLICT},
        summary="Submit a report for approval (its figures are frozen)",
    )
    def post(self, request, report_id: int):
        survey_reports.report_submit(report_id=report_id, actor=request.user)
        return Response(_report_out(request, report_id))


class ReportPublishApi(ApiView):
    rbac_permissions = {"post": Perm.SURVEY_APPROVE}

    @extend_schema(
        request=None,
        responses={200: SatisfactionReportSerializer, 409: CONFLICT},
        summary="Approve and publish a submitted report",
    )
    def post(self, request, report_id: int):
        survey_reports.report_publish(report_id=report_id, actor=request.user)
        return Response(_report_out(request, report_id))


class ReportSendBackApi(ApiView):
    rbac_permissions = {"post": Perm.SURVEY_APPROVE}

    @extend_schema(
        request=SatisfactionSendBackSerializer,
        responses={200: SatisfactionReportSerializer, 409: CONFLICT},
        summary="Send a submitted report back with a reason",
    )
    def post(self, request, report_id: int):
        data = validated(SatisfactionSendBackSerializer, request.data)
        survey_reports.report_send_back(
            report_id=report_id, actor=request.user, reason=data["reason"]
        )
        return Response(_report_out(request, report_id))
