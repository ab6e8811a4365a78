"""Locks and checks shared by the chat services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, Forbidden, NotFound, ServiceError
from helpdesk.queues.models import Kind, Queue, WorkItem
from helpdesk.queues.selectors import is_queue_lead

from .models import Conversation, State
from .presence import active_chat_counts, chat_capacity_of


def lock_conversation(conversation_id: int) -> tuple[Queue, WorkItem, Conversation]:
    """Lock the queue, the item, then the conversation: the core's order (queue before item),
    then the detail row. The message path locks only item then conversation, never a queue."""
    for _attempt in range(3):
        queue_id = (
            WorkItem.objects.filter(pk=conversation_id, kind=Kind.CHAT)
            .values_list("queue_id", flat=True)
            .first()
        )
        if queue_id is None:
            raise NotFound()
        queue = Queue.objects.select_for_update().get(pk=queue_id)
        item = WorkItem.objects.select_for_update().get(pk=conversation_id)
        if item.queue_id == queue.pk:
            break
    else:
        raise Conflict()
    conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    if conversation is None:
        raise NotFound()
    item.queue = queue
    conversation.item = item
    return queue, item, conversation


def conversation_ended_error() -> ServiceError:
    return ServiceError(
        _("This conversation has ended."), code="conversation_ended", status_code=409
    )


def require_live(conversation: Conversation) -> None:
    if conversation.state == State.ENDED:
        raise conversation_ended_error()


def require_handler(user, item: WorkItem) -> None:
    """The holder, or a lead of the item's queue."""
    if item.assignee_id != user.pk and not is_queue_lead(user, item.queue_id):
        raise Forbidden(_("Only the agent holding this chat or a queue lead can do this."))


def require_lead(user, item: WorkItem) -> None:
    if not is_queue_lead(user, item.queue_id):
        raise Forbidden(_("Only the queue's supervisors and managers can do this."))


def require_chat_room(user, *, exclude_item: int) -> None:
    """The agent holds fewer chats than their chat capacity (``over_chat_capacity``)."""
    capacity = chat_capacity_of(user)
    load = active_chat_counts([user.pk], exclude_item=exclude_item).get(user.pk, 0)
    if load >= capacity:
        raise ServiceError(
            _("%(name)s already holds %(load)d chats (at most %(capacity)d).")
            % {"name": user, "load": load, "capacity": capacity},
            code="over_chat_capacity",
            status_code=409,
        )


def not_in_conversation_error() -> ServiceError:
    return ServiceError(
        _("You neither hold nor watch this conversation."),
        code="not_in_conversation",
        status_code=403,
    )
