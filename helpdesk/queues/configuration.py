"""Configuring queues: queues, memberships and canned responses."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.accounts.audit import SecurityEventKind, security_record
from helpdesk.common.errors import Forbidden, NotFound, ServiceError

from .models import CannedResponse, Queue, QueueMembership, RoutingMode, WorkItem
from .selectors import is_queue_lead

logger = logging.getLogger(__name__)


def _require_lead(actor, queue: Queue) -> None:
    """Only the queue's leads change its members; to anyone else the queue's members are not
    theirs to see changed (404, as for anything outside their reach)."""
    if actor is not None and not is_queue_lead(actor, queue.pk):
        raise NotFound()


@transaction.atomic
def membership_set(
    *,
    queue: Queue,
    role: str,
    user=None,
    user_id: int | None = None,
    actor=None,
    capacity: int | None = None,
    skills: list[str] | None = None,
    accepts_routing: bool = True,
) -> QueueMembership:
    """Add ``user`` (or ``user_id``) to the queue, or change their membership. ``actor``: the
    lead making the change (None for the system, e.g. the demo data)."""
    _require_lead(actor, queue)
    if user is None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise ServiceError(
                _("Unknown user."), code="invalid", fields={"user": [_("Unknown user.")]}
            )
    if role not in user.role_set:
        raise ServiceError(
            _("%(name)s does not hold the role %(role)s.") % {"name": user, "role": role},
            code="role_not_held",
            fields={"role": [_("The user does not hold this role.")]},
        )
    before = QueueMembership.objects.filter(queue=queue, user=user).first()
    membership, created = QueueMembership.objects.update_or_create(
        queue=queue,
        user=user,
        defaults={
            "role": role,
            "capacity": capacity,
            "skills": sorted(set(skills or [])),
            "accepts_routing": accepts_routing,
        },
    )
    if created or before.role != role:
        security_record(
            SecurityEventKind.QUEUE_MEMBER_ADDED
            if created
            else SecurityEventKind.QUEUE_MEMBER_CHANGED,
            user=user,
            actor=actor,
            detail={"queue": queue.pk, "queue_name": queue.name, "role": role}
            | ({} if created else {"previous_role": before.role}),
        )
    return membership


def canned_render(*, body: str, item: WorkItem | None = None, agent=None) -> str:
    """Fill the placeholders of a canned response. Unknown placeholders are left as they are."""
    values = {
        "agent.name": str(agent) if agent else "",
        "customer.name": item.customer.name if item and item.customer_id else "",
        "item.reference": item.reference if item else "",
        "item.subject": item.subject if item else "",
        "queue.name": item.queue.name if item else "",
    }
    out = body
    for key, value in values.items():
        out = out.replace("{{" + key + "}}", value).replace("{{ " + key + " }}", value)
    return out


@transaction.atomic
def queue_create(
    *,
    actor,
    name: str,
    slug: str,
    description: str = "",
    routing_mode: str = RoutingMode.MANUAL,
    default_capacity: int = 10,
    is_active: bool = True,
) -> Queue:
    if Queue.objects.filter(name=name).exists() or Queue.objects.filter(slug=slug).exists():
        raise ServiceError(
            _("A queue with this name or slug already exists."),
            code="queue_exists",
            status_code=409,
        )
    queue = Queue.objects.create(
        name=name,
        slug=slug,
        description=description,
        routing_mode=routing_mode,
        default_capacity=default_capacity,
        is_active=is_active,
    )
    logger.info("queue %s created by %s", queue.pk, actor)
    return queue


@transaction.atomic
def membership_remove(*, queue: Queue, user_id: int, actor) -> None:
    _require_lead(actor, queue)
    membership = QueueMembership.objects.filter(queue=queue, user_id=user_id).first()
    if membership is None:
        raise NotFound()
    membership.delete()
    security_record(
        SecurityEventKind.QUEUE_MEMBER_REMOVED,
        user=membership.user,
        actor=actor,
        detail={"queue": queue.pk, "queue_name": queue.name, "role": membership.role},
    )
    logger.info("user %s removed from queue %s by %s", user_id, queue.pk, actor)


@transaction.atomic
def canned_create(
    *, actor, title: str, body: str, queue: int | None = None, is_active: bool = True
):
    queue_obj = None
    if queue is not None:
        queue_obj = Queue.objects.filter(pk=queue).first()
        if queue_obj is None or not is_queue_lead(actor, queue_obj.pk):
            raise ServiceError(code="invalid", fields={"queue": [_("Unknown queue.")]})
    elif not actor.is_manager:
        raise Forbidden(_("Only managers can create canned responses for every queue."))
    return CannedResponse.objects.create(
        queue=queue_obj, title=title, body=body, is_active=is_active
    )


def canned_render_for(*, canned: CannedResponse, item: WorkItem | None, agent) -> str:
    """Render ``canned`` for ``item``: a queue's canned response only for that queue's items."""
    if item is not None and canned.queue_id not in (None, item.queue_id):
        raise ServiceError(
            _("This canned response belongs to another queue."), code="canned_not_in_queue"
        )
    return canned_render(body=canned.body, item=item, agent=agent)


def membership_changes_record(*, queue: Queue, before: dict, after: dict, request=None) -> None:
    """Record memberships added, changed and removed (``{user_id: role}`` before and after) made
    outside the services (the admin's form)."""
    users = get_user_model().objects.in_bulk(set(before) | set(after))
    where = {"queue": queue.pk, "queue_name": queue.name}
    for user_id in sorted(set(before) | set(after)):
        old, new = before.get(user_id), after.get(user_id)
        if old == new:
            continue
        if old is None:
            kind, detail = SecurityEventKind.QUEUE_MEMBER_ADDED, {"role": new}
        elif new is None:
            kind, detail = SecurityEventKind.QUEUE_MEMBER_REMOVED, {"role": old}
        else:
            kind, detail = (
                SecurityEventKind.QUEUE_MEMBER_CHANGED,
                {"role": new, "previous_role": old},
            )
        security_record(kind, user=users.get(user_id), request=request, detail=where | detail)
