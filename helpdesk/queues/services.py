"""Writes to queues and work items. Each service is atomic and writes an event row."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, Forbidden, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.realtime.groups import queue_group, user_group
from helpdesk.realtime.publish import publish_on_commit

from . import routing
from .models import (
    LOAD_STATUSES,
    Category,
    EventVerb,
    LinkKind,
    Queue,
    QueueMembership,
    RoutingMode,
    Status,
    Tag,
    WorkItem,
    WorkItemEvent,
    WorkItemLink,
)
from .selectors import is_queue_lead, membership_of, workitem_get_for_user

logger = logging.getLogger(__name__)


# --- helpers ---------------------------------------------------------------------------------


def event_record(
    *, item: WorkItem, actor, verb: str, data: dict | None = None, reason: str = ""
) -> WorkItemEvent:
    event = WorkItemEvent.objects.create(
        item=item, actor=actor, verb=verb, data=data or {}, reason=reason or ""
    )
    from helpdesk.sla.clocks import on_event  # the SLA clocks follow every change

    on_event(item, verb, data, at=event.created_at)
    from .observers import item_changed  # read-side listeners (the wallboard) hear of it

    item_changed(item, verb)
    return event


def item_publish(item: WorkItem, event_type: str = "workitem.changed", *, extra_users=()) -> None:
    """After commit, ring the item's queue and assignee (and anyone in ``extra_users``)."""
    groups = {queue_group(item.queue_id)}
    if item.assignee_id:
        groups.add(user_group(item.assignee_id))
    groups.update(user_group(u) for u in extra_users if u)
    item_id = item.pk

    def send():
        from helpdesk.realtime.publish import publish

        from .selectors import with_list_joins
        from .serializers import WorkItemSerializer

        fresh = with_list_joins(WorkItem.objects.filter(pk=item_id)).first()
        if fresh is not None:
            publish(groups, event_type, WorkItemSerializer(fresh).data)

    transaction.on_commit(send)


def _lock_item(item_id: int) -> tuple[Queue, WorkItem]:
    """Lock the item's queue, then the item: always in that order (queue before item).

    The queue lock serialises capacity checks and round-robin for the queue.
    """
    for _attempt in range(3):
        queue_id = WorkItem.objects.filter(pk=item_id).values_list("queue_id", flat=True).first()
        if queue_id is None:
            raise NotFound()
        queue = Queue.objects.select_for_update().get(pk=queue_id)
        item = WorkItem.objects.select_for_update().get(pk=item_id)
        if item.queue_id == queue.pk:
            return queue, item
    raise Conflict()


def _require_visible(user, item_id: int) -> None:
    workitem_get_for_user(user, item_id)  # raises 404 when outside the user's queues


def _require_unresolved(item: WorkItem) -> None:
    if not item.is_unresolved:
        raise ServiceError(_("This item is already resolved or closed."), code="item_not_active")


def _check_capacity(queue: Queue, membership: QueueMembership, *, exclude_item: int) -> None:
    load = (
        WorkItem.objects.filter(
            queue=queue, assignee_id=membership.user_id, status__in=LOAD_STATUSES
        )
        .exclude(pk=exclude_item)
        .count()
    )
    if load >= membership.effective_capacity:
        raise ServiceError(
            _("%(name)s already holds %(load)d active items in this queue (capacity %(cap)d).")
            % {"name": membership.user, "load": load, "cap": membership.effective_capacity},
            code="over_capacity",
            status_code=409,
        )


def _set_assignee(item: WorkItem, user) -> None:
    item.assignee = user
    item.assigned_at = timezone.now() if user else None
    if user is not None and item.status == Status.NEW:
        item.status = Status.OPEN


def _route_on_commit(item: WorkItem) -> None:
    if item.queue.routing_mode == RoutingMode.MANUAL or item.kind in routing.unrouted_kinds():
        return
    from .tasks import route_item

    enqueue_on_commit(route_item, item.pk)  # not queued: the routing sweep routes it


# --- work items --------------------------------------------------------------------------------


@transaction.atomic
def workitem_create(
    *,
    kind: str,
    queue: Queue,
    subject: str,
    created_by=None,
    customer=None,
    priority: int | None = None,
    category: Category | None = None,
    tags: Iterable[str] = (),
    skill: str = "",
    data: dict | None = None,
) -> WorkItem:
    """Create a work item of any kind in ``queue`` (kind detail rows are the caller's)."""
    if not queue.is_active:
        raise ServiceError(_("This queue is closed to new work."), code="queue_inactive")
    if category is not None and category.queue_id not in (None, queue.pk):
        raise ServiceError(
            _("This category belongs to another queue."),
            code="category_not_in_queue",
            fields={"category": [_("Not a category of this queue.")]},
        )
    item = WorkItem(
        kind=kind,
        queue=queue,
        subject=subject,
        created_by=created_by,
        customer=customer,
        category=category,
        skill=skill,
    )
    if priority is not None:
        item.priority = priority
    item.refresh_due_at()
    item.save()
    if tags:
        item.tags.set(_tags(tags))
    event_record(item=item, actor=created_by, verb=EventVerb.CREATED, data=data or {})
    item_publish(item, "workitem.created")
    _route_on_commit(item)
    return item


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = sorted({n.strip() for n in names if n and n.strip()})
    existing = {t.name: t for t in Tag.objects.filter(name__in=cleaned)}
    return [existing.get(n) or Tag.objects.create(name=n) for n in cleaned]


@transaction.atomic
def workitem_take(*, item_id: int, user) -> WorkItem:
    """The user takes an unassigned item of a queue they belong to."""
    _require_visible(user, item_id)
    queue, item = _lock_item(item_id)
    _require_unresolved(item)
    membership = membership_of(user, queue.pk)
    if membership is None:
        raise ServiceError(
            _("Only members of this queue can take its items."),
            code="not_a_member",
            status_code=403,
        )
    if item.assignee_id == user.pk:
        return item
    if item.assignee_id is not None:
        raise ServiceError(
            _("This item is already assigned to %(name)s.") % {"name": item.assignee},
            code="already_assigned",
            status_code=409,
        )
    _check_capacity(queue, membership, exclude_item=item.pk)
    _set_assignee(item, user)
    item.save()
    event_record(item=item, actor=user, verb=EventVerb.TAKEN, data={"assignee": user.pk})
    item_publish(item)
    return item


@transaction.atomic
def workitem_assign(*, item_id: int, assignee, actor, reason: str = "") -> WorkItem:
    """A queue lead gives the item to a member of its queue who has room."""
    _require_visible(actor, item_id)
    queue, item = _lock_item(item_id)
    if not is_queue_lead(actor, queue.pk):
        raise Forbidden(_("Only the queue's supervisors and managers can assign its items."))
    _require_unresolved(item)
    membership = membership_of(assignee, queue.pk) if assignee.is_active else None
    if membership is None:
        raise ServiceError(
            _("%(name)s is not a member of queue %(queue)s.") % {"name": assignee, "queue": queue},
            code="assignee_not_member",
            fields={"assignee": [_("Not a member of this queue.")]},
        )
    if item.assignee_id == assignee.pk:
        return item
    _check_capacity(queue, membership, exclude_item=item.pk)
    previous = item.assignee_id
    _set_assignee(item, assignee)
    item.save()
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.ASSIGNED,
        data={"from": previous, "to": assignee.pk},
        reason=reason,
    )
    item_publish(item, extra_users=[previous])
    return item


@transaction.atomic
def workitem_release(*, item_id: int, actor, reason: str = "") -> WorkItem:
    """The assignee (or a queue lead) gives the item back to its queue."""
    _require_visible(actor, item_id)
    queue, item = _lock_item(item_id)
    if item.assignee_id is None:
        raise ServiceError(_("This item is not assigned."), code="not_assigned", status_code=409)
    if item.assignee_id != actor.pk and not is_queue_lead(actor, queue.pk):
        raise Forbidden(_("Only the assignee or a queue lead can release this item."))
    previous = item.assignee_id
    _set_assignee(item, None)
    item.save()
    event_record(
        item=item, actor=actor, verb=EventVerb.RELEASED, data={"from": previous}, reason=reason
    )
    item_publish(item, extra_users=[previous])
    if item.is_unresolved:
        _route_on_commit(item)
    return item


@transaction.atomic
def workitem_handover(
    *, item_id: int, to_user, actor, reason: str = "", data: dict | None = None
) -> WorkItem:
    """Give the item to ``to_user`` (a member with room), or back to its queue (``None``).

    For a kind's service that has already decided that ``actor`` may do this (a chat's holder
    handing over to a colleague; the system, ``actor=None``, taking back an offer nobody
    accepted). Records ``assigned`` (or ``released``, then routes again) with ``data``.
    """
    queue, item = _lock_item(item_id)
    _require_unresolved(item)
    previous = item.assignee_id
    if to_user is not None:
        membership = membership_of(to_user, queue.pk) if to_user.is_active else None
        if membership is None:
            raise ServiceError(
                _("%(name)s is not a member of queue %(queue)s.")
                % {"name": to_user, "queue": queue},
                code="assignee_not_member",
                fields={"assignee": [_("Not a member of this queue.")]},
            )
        if previous == to_user.pk:
            return item
        _check_capacity(queue, membership, exclude_item=item.pk)
    elif previous is None:
        return item
    _set_assignee(item, to_user)
    item.save()
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.ASSIGNED if to_user is not None else EventVerb.RELEASED,
        data={"from": previous, "to": to_user.pk if to_user else None, **(data or {})},
        reason=reason,
    )
    item_publish(item, extra_users=[previous])
    if to_user is None:
        _route_on_commit(item)
    return item


@transaction.atomic
def workitem_transfer(*, item_id: int, actor, to_queue: Queue, reason: str) -> WorkItem:
    """Move the item to another queue, with a reason; it arrives there unassigned."""
    if not reason or not reason.strip():
        raise ServiceError(
            _("Say why the item is transferred."),
            code="reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    _require_visible(actor, item_id)
    queue, item = _lock_item(item_id)
    _require_unresolved(item)
    if to_queue.pk == queue.pk:
        raise ServiceError(_("The item is already in this queue."), code="same_queue")
    if not to_queue.is_active:
        raise ServiceError(_("This queue is closed to new work."), code="queue_inactive")
    previous_assignee = item.assignee_id
    item.queue = to_queue
    if item.category_id and item.category.queue_id not in (None, to_queue.pk):
        item.category = None
    _set_assignee(item, None)
    if item.status == Status.OPEN:
        item.status = Status.NEW
    item.save()
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.TRANSFERRED,
        data={"from_queue": queue.pk, "to_queue": to_queue.pk, "from_assignee": previous_assignee},
        reason=reason.strip(),
    )
    item_publish(item, extra_users=[previous_assignee])
    publish_on_commit([queue_group(queue.pk)], "workitem.removed", {"id": item.pk})
    _route_on_commit(item)
    return item


@transaction.atomic
def workitem_update(
    *,
    item_id: int,
    actor,
    subject: str | None = None,
    priority: int | None = None,
    category: Category | None = None,
    clear_category: bool = False,
    tags: Iterable[str] | None = None,
    customer=None,
) -> WorkItem:
    """Change an item's subject, priority, category, tags or customer (each change an event)."""
    _require_visible(actor, item_id)
    _queue, item = _lock_item(item_id)
    changes: dict[str, dict] = {}
    if subject is not None and subject != item.subject:
        changes["subject"] = {"from": item.subject, "to": subject}
        item.subject = subject
    if priority is not None and priority != item.priority:
        previous_priority, item.priority = item.priority, priority
        event_record(
            item=item,
            actor=actor,
            verb=EventVerb.PRIORITY_CHANGED,
            data={"from": previous_priority, "to": priority},
        )
    if clear_category and item.category_id:
        changes["category"] = {"from": item.category_id, "to": None}
        item.category = None
    elif category is not None and category.pk != item.category_id:
        if category.queue_id not in (None, item.queue_id):
            raise ServiceError(
                _("This category belongs to another queue."),
                code="category_not_in_queue",
                fields={"category": [_("Not a category of this queue.")]},
            )
        changes["category"] = {"from": item.category_id, "to": category.pk}
        item.category = category
    if customer is not None and customer.pk != item.customer_id:
        changes["customer"] = {"from": item.customer_id, "to": customer.pk}
        item.customer = customer
    item.save()
    if tags is not None:
        before = sorted(item.tags.values_list("name", flat=True))
        new = _tags(tags)
        after = sorted(t.name for t in new)
        if before != after:
            item.tags.set(new)
            event_record(
                item=item, actor=actor, verb=EventVerb.TAGGED, data={"from": before, "to": after}
            )
    if changes:
        event_record(item=item, actor=actor, verb=EventVerb.UPDATED, data=changes)
    item_publish(item)
    return item


@transaction.atomic
def workitem_set_status(
    *, item: WorkItem, actor, status: str, reason: str = "", data: dict | None = None
) -> WorkItem:
    """Set the shared status fields; the kind's service has already checked the transition."""
    previous = item.status
    now = timezone.now()
    item.status = status
    if status == Status.RESOLVED:
        item.resolved_at = now
    elif status == Status.CLOSED:
        item.closed_at = now
        item.resolved_at = item.resolved_at or now
    elif previous in (Status.RESOLVED, Status.CLOSED):
        item.resolved_at = None
        item.closed_at = None
    item.refresh_due_at()
    item.save()
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.STATUS_CHANGED,
        data={"from": previous, "to": status, **(data or {})},
        reason=reason,
    )
    item_publish(item)
    from helpdesk.quality.services import rating_link_on_commit, rating_wanted

    if rating_wanted(item, previous, status):
        rating_link_on_commit(item.pk)
    return item


@transaction.atomic
def workitem_link(*, item_id: int, target_id: int, kind: str, actor) -> WorkItemLink:
    source = workitem_get_for_user(actor, item_id)
    target = workitem_get_for_user(actor, target_id)
    if source.pk == target.pk:
        raise ServiceError(_("An item cannot be linked to itself."), code="link_self")
    if kind not in LinkKind.values:
        raise ServiceError(
            _("Unknown link kind."), code="invalid", fields={"kind": [_("Unknown link kind.")]}
        )
    if WorkItemLink.objects.filter(source=source, target=target).exists():
        raise ServiceError(
            _("These items are already linked."), code="already_linked", status_code=409
        )
    link = WorkItemLink.objects.create(source=source, target=target, kind=kind, created_by=actor)
    for item, other in ((source, target), (target, source)):
        event_record(
            item=item,
            actor=actor,
            verb=EventVerb.LINKED,
            data={"other": other.pk, "kind": kind, "direction": "out" if item is source else "in"},
        )
    return link


@transaction.atomic
def workitem_unlink(*, item_id: int, target_id: int, actor) -> None:
    source = workitem_get_for_user(actor, item_id)
    link = WorkItemLink.objects.filter(source=source, target_id=target_id).first()
    if link is None:
        raise NotFound()
    link.delete()
    event_record(item=source, actor=actor, verb=EventVerb.UNLINKED, data={"other": target_id})


def workitem_mark_responded(*, item: WorkItem) -> None:
    """Record the first public response (callers hold the item's row lock)."""
    if item.first_response_at is None:
        item.first_response_at = timezone.now()
        item.refresh_due_at()
        item.save(update_fields=["first_response_at", "due_at", "updated_at"])


# --- automatic routing -----------------------------------------------------------------------


@transaction.atomic
def workitem_auto_assign(*, item_id: int) -> WorkItem | None:
    """Route one waiting item to a member with room. Idempotent; safe from concurrent workers."""
    try:
        queue, item = _lock_item(item_id)
    except NotFound:
        return None
    if item.assignee_id is not None or item.status not in (Status.NEW, Status.OPEN):
        return None
    if queue.routing_mode == RoutingMode.MANUAL or not queue.is_active:
        return None
    if item.kind in routing.unrouted_kinds():
        return None
    member = routing.choose_member(queue, item)
    if member is None:
        return None
    _set_assignee(item, member.user)
    item.save()
    queue.rr_cursor_id = member.user_id
    queue.save(update_fields=["rr_cursor"])
    event_record(
        item=item,
        actor=None,
        verb=EventVerb.ROUTED,
        data={"to": member.user_id, "mode": queue.routing_mode},
    )
    item_publish(item)
    return item


def route_waiting(*, queue_id: int | None = None, limit: int = 500) -> int:
    """Give waiting items in auto-routed queues to members with room; the most urgent first."""
    from .selectors import URGENCY_ORDER

    qs = WorkItem.objects.filter(
        assignee__isnull=True,
        status__in=(Status.NEW, Status.OPEN),
        queue__is_active=True,
    ).exclude(queue__routing_mode=RoutingMode.MANUAL)
    if routing.unrouted_kinds():
        qs = qs.exclude(kind__in=routing.unrouted_kinds())
    if queue_id is not None:
        qs = qs.filter(queue_id=queue_id)
    routed = 0
    full_queues: set[int] = set()
    for item_id, item_queue in qs.order_by(*URGENCY_ORDER).values_list("id", "queue_id")[:limit]:
        if item_queue in full_queues:
            continue
        if workitem_auto_assign(item_id=item_id) is not None:
            routed += 1
        else:
            full_queues.add(item_queue)
    return routed
