"""Quality reviews: supervisors score closed items against the scorecard; the agent reads the
review and may dispute it once; a supervisor answers. Review scores feed the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.queues.models import Status, WorkItem

from .ledger import Period
from .models import Criterion, Rating, Review, ReviewReason, ReviewScore, ReviewStatus

HUNDRED = Decimal(100)


def review_candidates(period: Period, *, rule: str, limit: int) -> QuerySet[WorkItem]:
    """Closed or resolved items with a handler in ``period``, not yet reviewed, chosen by rule:
    a random sample, a rating below target, a handle time over ``QUALITY_LONG_HANDLE_HOURS``,
    or a complaint opened from the item."""
    qs = (
        WorkItem.objects.filter(
            assignee__isnull=False,
            status__in=(Status.RESOLVED, Status.CLOSED),
            resolved_at__gte=period.start,
            resolved_at__lt=period.end,
            review__isnull=True,
        )
        .select_related("assignee", "queue")
        .exclude(ticket__merged_into__isnull=False)
    )
    if rule == ReviewReason.LOW_RATING:
        low = Rating.objects.filter(
            item_id=OuterRef("pk"), score__lt=settings.QUALITY_RATING_TARGET
        )
        return qs.filter(Exists(low)).order_by("resolved_at", "pk")[:limit]
    if rule == ReviewReason.LONG_HANDLE:
        handle = ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())
        return (
            qs.annotate(handle=handle)
            .filter(handle__gt=dt.timedelta(hours=settings.QUALITY_LONG_HANDLE_HOURS))
            .order_by("-handle", "pk")[:limit]
        )
    if rule == ReviewReason.COMPLAINT:
        from helpdesk.complaints.models import Complaint

        opened = Complaint.objects.filter(source_item_id=OuterRef("pk"))
        return qs.filter(Exists(opened)).order_by("resolved_at", "pk")[:limit]
    return qs.order_by("?")[:limit]


def _weighted(scores: list[tuple[int, int]]) -> Decimal:
    """Scores 1–5 with weights, as a percentage (5 everywhere is 100)."""
    total = sum(w for w, _s in scores)
    points = sum(w * s for w, s in scores)
    return (Decimal(points) * HUNDRED / (Decimal(total) * 5)).quantize(Decimal("0.01"))


@transaction.atomic
def review_create(
    *, item_id: int, reviewer, reason: str, scores: dict[int, int], comment: str = ""
) -> Review:
    """Score one closed item on every active criterion (1–5 each); one review per item."""
    item = WorkItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    if item.status not in (Status.RESOLVED, Status.CLOSED) or item.assignee_id is None:
        message = _("Only a resolved or closed item with a handler can be reviewed.")
        raise ServiceError(message, code="not_reviewable", status_code=409)
    if item.assignee_id == reviewer.pk:
        message = _("You cannot review your own work.")
        raise ServiceError(message, code="own_work", status_code=403)
    criteria = list(Criterion.objects.filter(is_active=True))
    expected = {c.pk for c in criteria}
    if set(scores) != expected or any(not 1 <= s <= 5 for s in scores.values()):
        message = _("Score every criterion of the scorecard from 1 to 5.")
        raise ServiceError(
            message, code="invalid", fields={"scores": [message], "criteria": sorted(expected)}
        )
    if Review.objects.filter(item_id=item.pk).exists():
        raise Conflict(_("This item has already been reviewed."), code="already_reviewed")
    score = _weighted([(c.weight, scores[c.pk]) for c in criteria])
    try:
        with transaction.atomic():
            review = Review.objects.create(
                item=item,
                agent_id=item.assignee_id,
                reviewer=reviewer,
                reason=reason,
                score=score,
                comment=(comment or "").strip(),
            )
    except IntegrityError:
        raise Conflict(_("This item has already been reviewed."), code="already_reviewed") from None
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=c, weight=c.weight, score=scores[c.pk])
        for c in criteria
    )
    return review


def _locked(review_id: int) -> Review:
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    return review


@transaction.atomic
def review_dispute(*, review_id: int, actor, text: str) -> Review:
    """The reviewed agent disputes their review, once (another person: 404)."""
    review = _locked(review_id)
    if review.agent_id != actor.pk:
        raise NotFound()
    if review.status != ReviewStatus.PUBLISHED:
        raise Conflict(_("This review has already been disputed."), code="already_disputed")
    review.status = ReviewStatus.DISPUTED
    review.dispute = text.strip()
    review.disputed_at = timezone.now()
    review.save(update_fields=["status", "dispute", "disputed_at"])
    return review


@transaction.atomic
def review_answer(*, review_id: int, actor, text: str) -> Review:
    """A supervisor or manager answers a dispute (not the reviewed agent)."""
    review = _locked(review_id)
    if review.status != ReviewStatus.DISPUTED:
        raise Conflict(_("Only a disputed review can be answered."), code="not_disputed")
    if review.agent_id == actor.pk:
        raise ServiceError(
            _("You cannot answer a dispute about your own work."),
            code="own_work",
            status_code=403,
        )
    review.status = ReviewStatus.ANSWERED
    review.answer = text.strip()
    review.answered_by = actor
    review.answered_at = timezone.now()
    review.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    return review


def reviews_for(user, *, agent_id: int | None, period: Period | None) -> QuerySet[Review]:
    """Reviews the user may read: their own, or anyone's with ``quality.read_all``."""
    from helpdesk.accounts.rbac import Perm, user_has_perm

    qs = Review.objects.select_related("item").prefetch_related("scores__criterion")
    if not user_has_perm(user, Perm.QUALITY_READ_ALL):
        qs = qs.filter(agent_id=user.pk)
    if agent_id is not None:
        qs = qs.filter(agent_id=agent_id)
    if period is not None:
        qs = qs.filter(created_at__gte=period.start, created_at__lt=period.end)
    return qs.order_by("-created_at", "-id")
