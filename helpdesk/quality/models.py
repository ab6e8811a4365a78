"""Satisfaction ratings, the links that ask for them, corrective actions, praise and the work
coefficients behind the agent performance ledger (docs/quality.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Kind, WorkItem


class RatingLink(models.Model):
    """The signed, single-use link a customer rates one item with (issued when it is done)."""

    item = models.OneToOneField(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="rating_link"
    )
    token = models.CharField(_("token"), max_length=200, unique=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")

    def __str__(self) -> str:
        return f"{self.item_id}"


class RatingSource(models.TextChoices):
    LINK = "link", _("Email link")
    WIDGET = "widget", _("Chat widget")


class Rating(models.Model):
    """The customer's rating of one item: one per item, 1 to 5, with an optional comment."""

    item = models.OneToOneField(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=RatingSource.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="quality_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class CorrectiveAction(models.Model):
    """Raised by a rating below the target; a supervisor of the item's queue follows it up."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="action"
    )
    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="quality_action_status"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.status}"


class Praise(models.Model):
    """Praise for the handler of an item, recorded by hand by a supervisor."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="praise"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="praise",
    )
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("praise")
        verbose_name_plural = _("praise")
        indexes = [models.Index(fields=["agent", "created_at"], name="quality_praise_agent")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.item_id}"


class PointCoefficient(models.Model):
    """Work points for one item of a kind, optionally for one category (which wins)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(
        "queues.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["kind", "category_id"]
        verbose_name = _("work coefficient")
        verbose_name_plural = _("work coefficients")
        constraints = [
            models.UniqueConstraint(fields=["kind", "category"], name="quality_coefficient_unique"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(category__isnull=True),
                name="quality_coefficient_kind_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.category_id or '*'}: {self.points}"


class Criterion(models.Model):
    """One line of the quality scorecard (greeting, accuracy, tone, resolution, policy…)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("scorecard criterion")
        verbose_name_plural = _("scorecard criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="quality_weight_min"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewReason(models.TextChoices):
    RANDOM = "random", _("Random sample")
    LOW_RATING = "low_rating", _("Low rating")
    LONG_HANDLE = "long_handle", _("Long handle time")
    COMPLAINT = "complaint", _("Complaint")
    MANUAL = "manual", _("Chosen by the reviewer")


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    DISPUTED = "disputed", _("Disputed")
    ANSWERED = "answered", _("Dispute answered")


class Review(models.Model):
    """A supervisor's review of one closed item against the scorecard; its agent may dispute."""

    item = models.OneToOneField(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="review"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="quality_reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReviewReason.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PUBLISHED,
    )
    dispute = models.TextField(_("dispute"), blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        indexes = [models.Index(fields=["agent", "created_at"], name="quality_review_agent")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveSmallIntegerField(_("weight"))
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="quality_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="quality_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.criterion_id}: {self.score}"


# Survey campaigns and the satisfaction analysis report (docs/surveys.md).
from .survey_models import (  # noqa: E402, F401
    SatisfactionReport,
    SatisfactionReportEvent,
    SurveyCampaign,
    SurveyInvite,
    SurveyResponse,
)
