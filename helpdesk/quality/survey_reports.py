"""The satisfaction analysis report's workflow (docs/surveys.md, decision 0019): a supervisor or
manager (``survey.manage``) drafts and submits it — the figures are frozen then — and a manager
(``survey.approve``) approves and publishes it, or sends it back with a reason. Published
reports are for everyone (``quality.read_own``); the others only for ``survey.manage``."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.rbac import Perm, user_has_perm
from helpdesk.common.errors import Conflict, NotFound, ServiceError

from . import satisfaction
from .survey_models import (
    ReportEventVerb,
    ReportStatus,
    SatisfactionReport,
    SatisfactionReportEvent,
    SurveyCampaign,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def reports_for(user) -> QuerySet[SatisfactionReport]:
    """Published reports for everyone; drafts, submitted and sent-back ones for survey.manage."""
    qs = SatisfactionReport.objects.select_related(
        "campaign", "created_by", "submitted_by", "published_by"
    )
    if not user_has_perm(user, Perm.SURVEY_MANAGE):
        qs = qs.filter(status=ReportStatus.PUBLISHED)
    return qs


def report_get(user, report_id: int) -> SatisfactionReport:
    report = reports_for(user).prefetch_related("events__actor").filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


def report_figures(report: SatisfactionReport) -> dict:
    """The frozen figures once submitted; live ones while the report is being written."""
    if report.figures is not None and report.status not in EDITABLE:
        return report.figures
    period = satisfaction.DateRange(report.period_from, report.period_to)
    return satisfaction.figures(period, report.campaign)


def _campaign(campaign_id):
    if campaign_id is None:
        return None
    campaign = SurveyCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        message = _("No such survey campaign.")
        raise ServiceError(message, code="invalid", fields={"campaign": [message]})
    return campaign


def _event(report, verb, actor, reason: str = "") -> None:
    SatisfactionReportEvent.objects.create(report=report, verb=verb, actor=actor, reason=reason)


@transaction.atomic
def report_create(*, actor, period: satisfaction.DateRange, campaign_id=None, title: str = "",
                  summary: str = "", actions: str = "") -> SatisfactionReport:  # fmt: skip
    campaign = _campaign(campaign_id)
    report = SatisfactionReport.objects.create(
        title=title.strip() or _("Satisfaction analysis %(period)s") % {"period": period.label},
        period_from=period.first,
        period_to=period.last,
        campaign=campaign,
        summary=summary.strip(),
        actions=actions.strip(),
        created_by=actor,
    )
    _event(report, ReportEventVerb.CREATED, actor)
    return report


def _locked(report_id: int) -> SatisfactionReport:
    report = SatisfactionReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


def _wrong_state(code: str, message) -> Conflict:
    return Conflict(message, code=code)


@transaction.atomic
def report_update(*, report_id: int, actor, **changes) -> SatisfactionReport:
    """Edit a draft or a sent-back report (title, summary, actions, period, campaign)."""
    report = _locked(report_id)
    if report.status not in EDITABLE:
        raise _wrong_state(
            "report_not_editable", _("Only a draft or a sent-back report can be edited.")
        )
    if "period" in changes:
        period = changes.pop("period")
        report.period_from, report.period_to = period.first, period.last
    if "campaign" in changes:
        report.campaign = _campaign(changes.pop("campaign"))
    for field in ("title", "summary", "actions"):
        if field in changes:
            setattr(report, field, (changes[field] or "").strip())
    report.save()
    _event(report, ReportEventVerb.EDITED, actor)
    return report


@transaction.atomic
def report_submit(*, report_id: int, actor) -> SatisfactionReport:
    """Freeze the figures and hand the report to a manager; it needs a written summary."""
    report = _locked(report_id)
    if report.status not in EDITABLE:
        raise _wrong_state(
            "report_not_editable", _("Only a draft or a sent-back report can be submitted.")
        )
    if not report.summary.strip():
        message = _("Write a summary before submitting.")
        raise ServiceError(message, code="summary_required", fields={"summary": [message]})
    period = satisfaction.DateRange(report.period_from, report.period_to)
    report.figures = satisfaction.figures(period, report.campaign)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["figures", "status", "submitted_by", "submitted_at"])
    _event(report, ReportEventVerb.SUBMITTED, actor)
    return report


@transaction.atomic
def report_publish(*, report_id: int, actor) -> SatisfactionReport:
    """A manager approves a submitted report: it is published to everyone, as frozen."""
    report = _locked(report_id)
    if report.status != ReportStatus.SUBMITTED:
        raise _wrong_state("report_not_submitted", _("Only a submitted report can be approved."))
    report.status = ReportStatus.PUBLISHED
    report.published_by = actor
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_by", "published_at"])
    _event(report, ReportEventVerb.PUBLISHED, actor)
    return report


@transaction.atomic
def report_send_back(*, report_id: int, actor, reason: str) -> SatisfactionReport:
    """A manager returns a submitted report with a reason; it can be edited and submitted again
    (its figures are recomputed then)."""
    report = _locked(report_id)
    if report.status != ReportStatus.SUBMITTED:
        raise _wrong_state("report_not_submitted", _("Only a submitted report can be sent back."))
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the report is sent back.")
        raise ServiceError(message, code="invalid", fields={"reason": [message]})
    report.status = ReportStatus.RETURNED
    report.save(update_fields=["status"])
    _event(report, ReportEventVerb.RETURNED, actor, reason)
    return report
