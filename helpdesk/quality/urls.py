"""Quality endpoints under ``/api/v1/quality/``."""

from django.urls import path

from . import apis, survey_apis

urlpatterns = [
    path("rate/<str:token>/", apis.RateApi.as_view(), name="quality-rate"),
    path("ledger/", apis.LedgerApi.as_view(), name="quality-ledger"),
    path("ledger/trace/", apis.LedgerTraceApi.as_view(), name="quality-ledger-trace"),
    path("ledger/<int:agent_id>/", apis.AgentLedgerApi.as_view(), name="quality-agent-ledger"),
    path("ranking/", apis.RankingApi.as_view(), name="quality-ranking"),
    path("praise/", apis.PraiseApi.as_view(), name="quality-praise"),
    path("scorecard/", apis.ScorecardApi.as_view(), name="quality-scorecard"),
    path("reviews/", apis.ReviewListApi.as_view(), name="quality-reviews"),
    path(
        "reviews/candidates/",
        apis.ReviewCandidatesApi.as_view(),
        name="quality-review-candidates",
    ),
    path(
        "reviews/<int:review_id>/dispute/",
        apis.ReviewDisputeApi.as_view(),
        name="quality-review-dispute",
    ),
    path(
        "reviews/<int:review_id>/answer/",
        apis.ReviewAnswerApi.as_view(),
        name="quality-review-answer",
    ),
    path(
        "corrective-actions/",
        apis.CorrectiveActionListApi.as_view(),
        name="quality-corrective-actions",
    ),
    path(
        "corrective-actions/<int:action_id>/",
        apis.CorrectiveActionApi.as_view(),
        name="quality-corrective-action",
    ),
]

# Survey campaigns, the public survey link and the satisfaction analysis report (docs/surveys.md).
urlpatterns += [
    path("surveys/", survey_apis.CampaignListApi.as_view(), name="quality-surveys"),
    path("surveys/<int:campaign_id>/", survey_apis.CampaignApi.as_view(), name="quality-survey"),
    path(
        "surveys/<int:campaign_id>/send/",
        survey_apis.CampaignSendApi.as_view(),
        name="quality-survey-send",
    ),
    path(
        "surveys/<int:campaign_id>/close/",
        survey_apis.CampaignCloseApi.as_view(),
        name="quality-survey-close",
    ),
    path("survey/<str:token>/", survey_apis.SurveyLinkApi.as_view(), name="quality-survey-link"),
    path(
        "satisfaction/",
        survey_apis.SatisfactionAnalysisApi.as_view(),
        name="quality-satisfaction",
    ),
    path(
        "satisfaction/reports/",
        survey_apis.ReportListApi.as_view(),
        name="quality-satisfaction-reports",
    ),
    path(
        "satisfaction/reports/<int:report_id>/",
        survey_apis.ReportApi.as_view(),
        name="quality-satisfaction-report",
    ),
    path(
        "satisfaction/reports/<int:report_id>/submit/",
        survey_apis.ReportSubmitApi.as_view(),
        name="quality-satisfaction-report-submit",
    ),
    path(
        "satisfaction/reports/<int:report_id>/publish/",
        survey_apis.ReportPublishApi.as_view(),
        name="quality-satisfaction-report-publish",
    ),
    path(
        "satisfaction/reports/<int:report_id>/send-back/",
        survey_apis.ReportSendBackApi.as_view(),
        name="quality-satisfaction-report-send-back",
    ),
]
