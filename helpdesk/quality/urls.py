"""Quality endpoints under ``/api/v1/quality/``."""

from django.urls import path

from . import apis

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
]
