"""The demo's quality records: ratings (two below target, so corrective actions), praise and a
review, through the quality services (docs/quality.md)."""

from __future__ import annotations

from helpdesk.queues.models import Status, WorkItem


def seed_quality(users: dict, count) -> None:
    """Ratings of a few done tickets (two below target: corrective actions), praise and a
    quality review, through the quality services (docs/quality.md). Items already rated,
    praised or reviewed are left alone, so seeding twice adds nothing."""
    from helpdesk.quality import reviews, services
    from helpdesk.quality.models import Criterion, Praise, Rating, RatingSource

    done = list(
        WorkItem.objects.filter(
            kind="ticket", status__in=(Status.RESOLVED, Status.CLOSED), assignee__isnull=False
        ).order_by("pk")[:6]
    )
    scores = [
        (5, "处理很快，非常感谢！"),
        (4, ""),
        (2, "等了很久才回复。"),
        (5, ""),
        (1, "问题没有解决。"),
    ]
    for item, (score, comment) in zip(done, scores, strict=False):
        created = not Rating.objects.filter(item=item).exists()
        if created:
            services.rating_record(
                item=item, score=score, comment=comment, source=RatingSource.LINK
            )
        count("ratings", created)
    supervisor = users["supervisor"]
    if done and not Praise.objects.filter(item=done[0]).exists():
        services.praise_record(item_id=done[0].pk, note="客户来电表扬耐心细致。", actor=supervisor)
        count("praise", True)
    criteria = list(Criterion.objects.filter(is_active=True))
    reviewable = [i for i in done[1:] if i.assignee_id != supervisor.pk]
    if criteria and reviewable and not hasattr(reviewable[0], "review"):
        reviews.review_create(
            item_id=reviewable[0].pk,
            reviewer=supervisor,
            reason="random",
            scores={c.pk: 4 for c in criteria},
            comment="回复准确，注意先确认订单状态。",
        )
        count("reviews", True)
