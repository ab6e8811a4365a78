"""Reads of queues and work items, already limited to what the user may see."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound

from .models import (
    LOAD_STATUSES,
    CannedResponse,
    Queue,
    QueueMembership,
    WorkItem,
    WorkItemEvent,
)


def _is_manager(user) -> bool:
    return Role.MANAGER in user.role_set


def queue_ids_visible_to(user) -> set[int]:
    """Queues whose items the user may see: every queue for a manager, else their memberships."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_visible_queue_ids", None)
    if cached is not None:
        return cached
    if _is_manager(user):
        ids = set(Queue.objects.values_list("id", flat=True))
    else:
        ids = set(QueueMembership.objects.filter(user=user).values_list("queue_id", flat=True))
    user._visible_queue_ids = ids
    return ids


def queues_for_user(user) -> QuerySet[Queue]:
    qs = Queue.objects.all() if _is_manager(user) else Queue.objects.filter(memberships__user=user)
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=QueueMembership.objects.select_related("user").order_by("user_id"),
        )
    ).order_by("name")


def queue_get_for_user(user, queue_id: int) -> Queue:
    queue = queues_for_user(user).filter(pk=queue_id).first()
    if queue is None:
        raise NotFound()
    return queue


def membership_of(user, queue_id: int) -> QueueMembership | None:
    return QueueMembership.objects.filter(user=user, queue_id=queue_id).first()


def is_queue_lead(user, queue_id: int) -> bool:
    """A manager, or a member who works this queue as its supervisor."""
    if _is_manager(user):
        return True
    return QueueMembership.objects.filter(
        user=user, queue_id=queue_id, role=Role.SUPERVISOR
    ).exists()


def workitems_visible_to(user) -> QuerySet[WorkItem]:
    if _is_manager(user):
        return WorkItem.objects.all()
    return WorkItem.objects.filter(queue_id__in=queue_ids_visible_to(user))


URGENCY_ORDER = (
    F("priority").desc(),
    F("due_at").asc(nulls_last=True),
    F("created_at").asc(),
    F("id").asc(),
)


def inbox_for_user(user, *, filters: dict | None = None) -> QuerySet[WorkItem]:
    """The unified inbox: every item the user may see, most urgent first, joins prefetched."""
    filters = filters or {}
    qs = workitems_visible_to(user)
    if filters.get("queue"):
        qs = qs.filter(queue_id__in=filters["queue"])
    if filters.get("kind"):
        qs = qs.filter(kind__in=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status__in=filters["status"])
    if filters.get("priority"):
        qs = qs.filter(priority__in=filters["priority"])
    if filters.get("assignee"):
        qs = qs.filter(assignee_id__in=filters["assignee"])
    if filters.get("customer"):
        qs = qs.filter(customer_id=filters["customer"])
    if filters.get("mine"):
        qs = qs.filter(assignee=user)
    if filters.get("unassigned"):
        qs = qs.filter(assignee__isnull=True)
    if filters.get("q"):
        term = filters["q"]
        cond = Q(subject__icontains=term)
        if term.isdigit():
            cond |= Q(pk=int(term))
        qs = qs.filter(cond)
    return with_list_joins(qs).order_by(*URGENCY_ORDER)


def with_list_joins(qs: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    return qs.select_related("queue", "assignee", "customer", "category").prefetch_related("tags")


def workitem_get_for_user(user, item_id: int) -> WorkItem:
    """The item if the user may see it; 404 otherwise (never a hint that it exists)."""
    item = with_list_joins(workitems_visible_to(user)).filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


def workitem_events(item: WorkItem) -> QuerySet[WorkItemEvent]:
    return item.events.select_related("actor").order_by("created_at", "id")


def member_loads(queue_id: int, user_ids) -> dict[int, int]:
    """Active items each user holds in the queue (one aggregate query)."""
    rows = (
        WorkItem.objects.filter(
            queue_id=queue_id, assignee_id__in=user_ids, status__in=LOAD_STATUSES
        )
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


def canned_responses_for_user(user, *, queue_id: int | None = None) -> QuerySet[CannedResponse]:
    qs = CannedResponse.objects.filter(is_active=True).filter(
        Q(queue__isnull=True) | Q(queue_id__in=queue_ids_visible_to(user))
    )
    if queue_id is not None:
        qs = qs.filter(Q(queue__isnull=True) | Q(queue_id=queue_id))
    return qs.select_related("queue").order_by("title", "id")


def categories_for_queue(queue: Queue) -> QuerySet:
    from .models import Category

    return Category.objects.filter(Q(queue__isnull=True) | Q(queue=queue), is_active=True).order_by(
        "name", "id"
    )
