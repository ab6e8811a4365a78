"""Complaint endpoints under ``/api/v1/complaints/``."""

from django.urls import path

from . import apis, apis_reports

urlpatterns = [
    path("", apis.ComplaintListApi.as_view(), name="complaint-list"),
    path("board/", apis.ComplaintBoardApi.as_view(), name="complaint-board"),
    path("options/", apis_reports.ComplaintOptionsApi.as_view(), name="complaint-options"),
    path("reports/trends/", apis_reports.ComplaintTrendsApi.as_view(), name="complaint-trends"),
    path(
        "reports/repeat-complainants/",
        apis_reports.RepeatComplainantsApi.as_view(),
        name="complaint-repeat-complainants",
    ),
    path(
        "reports/daily-summary/",
        apis_reports.DailySummaryApi.as_view(),
        name="complaint-daily-summary",
    ),
    path(
        "evidence/<int:evidence_id>/file/",
        apis.EvidenceFileApi.as_view(),
        name="complaint-evidence-file",
    ),
    path("<int:complaint_id>/", apis.ComplaintDetailApi.as_view(), name="complaint-detail"),
    path(
        "<int:complaint_id>/investigate/",
        apis.ComplaintInvestigateApi.as_view(),
        name="complaint-investigate",
    ),
    path(
        "<int:complaint_id>/propose/", apis.ComplaintProposeApi.as_view(), name="complaint-propose"
    ),
    path(
        "<int:complaint_id>/approve/", apis.ComplaintApproveApi.as_view(), name="complaint-approve"
    ),
    path(
        "<int:complaint_id>/send-back/",
        apis.ComplaintSendBackApi.as_view(),
        name="complaint-send-back",
    ),
    path("<int:complaint_id>/inform/", apis.ComplaintInformApi.as_view(), name="complaint-inform"),
    path("<int:complaint_id>/close/", apis.ComplaintCloseApi.as_view(), name="complaint-close"),
    path("<int:complaint_id>/appeal/", apis.ComplaintAppealApi.as_view(), name="complaint-appeal"),
    path("<int:complaint_id>/notes/", apis.ComplaintNotesApi.as_view(), name="complaint-notes"),
    path(
        "<int:complaint_id>/attachments/",
        apis.ComplaintAttachmentsApi.as_view(),
        name="complaint-attachments",
    ),
    path("<int:complaint_id>/links/", apis.ComplaintLinksApi.as_view(), name="complaint-links"),
    path(
        "<int:complaint_id>/remedies/",
        apis.ComplaintRemediesApi.as_view(),
        name="complaint-remedies",
    ),
    path(
        "<int:complaint_id>/remedies/<int:remedy_id>/",
        apis.ComplaintRemedyApi.as_view(),
        name="complaint-remedy",
    ),
]
