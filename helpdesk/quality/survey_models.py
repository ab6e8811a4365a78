"""Survey campaigns (one signed, single-use invite per customer) and the satisfaction analysis
report with the manager's approval (docs/surveys.md). Imported by ``quality.models``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The department's survey (../shared/seed/DIGEST.md part 4): service quality, price, overall
# rating, each 1–5, and free text.
QUESTIONS = (
    ("service", _("Service quality")),
    ("price", _("Price")),
    ("overall", _("Overall satisfaction")),
)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyCampaign(models.Model):
    """A survey sent by email link to a customer base, or to a filtered part of it."""

    name = models.CharField(_("name"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # The audience: customers with an email contact, optionally only those with an item in a
    # queue and/or created in a period (local dates, inclusive).
    queue = models.ForeignKey(
        "queues.Queue",
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    served_from = models.DateField(_("served from"), null=True, blank=True)
    served_to = models.DateField(_("served to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")

    def __str__(self) -> str:
        return self.name


class SurveyInvite(models.Model):
    """One customer's invitation to a campaign: the signed link, mailed once, answered once."""

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invites"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="survey_invites",
    )
    email = models.EmailField(_("sent to"))
    token = models.CharField(_("token"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invite")
        verbose_name_plural = _("survey invites")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="quality_invite_once"),
        ]
        indexes = [
            models.Index(
                fields=["campaign"],
                condition=models.Q(sent_at__isnull=True),
                name="quality_invite_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.customer_id}"


class SurveyResponse(models.Model):
    """A customer's answers: three scores 1–5 and optional free text."""

    invite = models.OneToOneField(
        SurveyInvite, verbose_name=_("invite"), on_delete=models.CASCADE, related_name="response"
    )
    campaign = models.ForeignKey(
        SurveyCampaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    service = models.PositiveSmallIntegerField(_("service quality"))
    price = models.PositiveSmallIntegerField(_("price"))
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    service__gte=1,
                    service__lte=5,
                    price__gte=1,
                    price__lte=5,
                    overall__gte=1,
                    overall__lte=5,
                ),
                name="quality_survey_scores_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invite_id}: {self.service}/{self.price}/{self.overall}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Sent back")
    PUBLISHED = "published", _("Published")


class SatisfactionReport(models.Model):
    """The satisfaction analysis report: a supervisor drafts and submits it (its figures frozen
    then), a manager publishes it or sends it back with a reason."""

    title = models.CharField(_("title"), max_length=200)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    campaign = models.ForeignKey(
        SurveyCampaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    figures = models.JSONField(_("figures"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_from", "-id"]
        verbose_name = _("satisfaction analysis report")
        verbose_name_plural = _("satisfaction analysis reports")
        indexes = [models.Index(fields=["status", "period_from"], name="quality_report_status")]

    def __str__(self) -> str:
        return self.title


class ReportEventVerb(models.TextChoices):
    CREATED = "created", _("Drafted")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Sent back")
    PUBLISHED = "published", _("Approved and published")


class SatisfactionReportEvent(models.Model):
    """Who did what to a report, when, and why (a send-back's reason)."""

    report = models.ForeignKey(
        SatisfactionReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    verb = models.CharField(_("what"), max_length=10, choices=ReportEventVerb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.verb}"
