"""Reads of conversations and messages, limited to what the user (or the visitor) may see."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, F, Q, QuerySet
from django.utils import timezone

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound
from helpdesk.queues.models import Queue
from helpdesk.queues.selectors import is_queue_lead, queue_ids_visible_to

from .models import LIVE_STATES, ChatMessage, Conversation, State

# When a queue has no accepted chat yet to learn from: the first estimate of the wait.
DEFAULT_WAIT_SECONDS = 60


def with_joins(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    return qs.select_related("item__queue", "item__assignee", "item__customer")


def conversations_visible_to(user) -> QuerySet[Conversation]:
    """Chats of the queues the user works in (every queue for a manager)."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    if Role.MANAGER in user.role_set:
        return Conversation.objects.all()
    return Conversation.objects.filter(item__queue_id__in=queue_ids_visible_to(user))


def conversations_for_user(user, *, filters: dict | None = None) -> QuerySet[Conversation]:
    """The chat list: waiting ones oldest first (who waited longest), the others newest first."""
    filters = filters or {}
    qs = conversations_visible_to(user)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("queue"):
        qs = qs.filter(item__queue_id=filters["queue"])
    if filters.get("state") == State.WAITING:
        order = ("item__created_at", "item_id")
    else:
        order = ("-item__created_at", "-item_id")
    return with_joins(qs).order_by(*order)


def require_visible(user, conversation_id: int) -> None:
    """Raise NotFound (404) unless the conversation is in one of the user's queues."""
    if not conversations_visible_to(user).filter(pk=conversation_id).exists():
        raise NotFound()


def conversation_visible(user, conversation_id: int) -> Conversation:
    """The conversation (queue, holder, customer joined); 404 outside the user's queues."""
    conversation = with_joins(conversations_visible_to(user)).filter(pk=conversation_id).first()
    if conversation is None:
        raise NotFound()
    return conversation


def conversation_get_for_user(user, conversation_id: int) -> Conversation:
    """The conversation with its joins and watchers; 404 when outside the user's queues."""
    conversation = (
        with_joins(conversations_visible_to(user))
        .select_related("converted_to")
        .prefetch_related("watchers")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise NotFound()
    return conversation


def conversation_for_visitor(conversation_id: int, visitor_id: str) -> Conversation:
    conversation = with_joins(
        Conversation.objects.filter(pk=conversation_id, visitor_id=visitor_id)
    ).first()
    if conversation is None:
        raise NotFound()
    return conversation


def messages_after(
    conversation_id: int,
    *,
    after: int = 0,
    upto: int | None = None,
    include_internal: bool,
    limit: int | None = None,
) -> list[ChatMessage]:
    """Messages numbered after ``after`` (and up to ``upto``), oldest first, authors joined."""
    qs = ChatMessage.objects.filter(conversation_id=conversation_id, seq__gt=after)
    if upto is not None:
        qs = qs.filter(seq__lte=upto)
    if not include_internal:
        qs = qs.filter(internal=False)
    qs = qs.select_related("author").order_by("seq")
    return list(qs[:limit] if limit is not None else qs)


def holds_or_watches(user, conversation_id: int) -> bool:
    """The agent holds the live conversation (its assignee) or joined it as a watcher."""
    return agent_conversations(user).filter(pk=conversation_id).exists()


def agent_conversations(user) -> QuerySet[Conversation]:
    """Live conversations the agent holds (including ones offered to them) or watches."""
    return Conversation.objects.filter(state__in=LIVE_STATES).filter(
        Q(item__assignee_id=user.pk)
        | Q(
            pk__in=Conversation.watchers.through.objects.filter(user_id=user.pk).values(
                "conversation_id"
            )
        )
    )


def may_handle(user, conversation: Conversation) -> bool:
    """The holder or a lead of the conversation's queue may transfer, end or convert it."""
    return conversation.item.assignee_id == user.pk or is_queue_lead(
        user, conversation.item.queue_id
    )


def queue_position(conversation: Conversation) -> int | None:
    """1 for the next waiting chat of the queue; None once it is no longer waiting."""
    if conversation.state != State.WAITING:
        return None
    created = conversation.item.created_at
    ahead = Conversation.objects.filter(
        state=State.WAITING, item__queue_id=conversation.item.queue_id
    ).filter(Q(item__created_at__lt=created) | Q(item__created_at=created, pk__lt=conversation.pk))
    return ahead.count() + 1


def queue_for_widget(slug: str) -> Queue:
    queue = Queue.objects.filter(slug=slug, is_active=True).first()
    if queue is None:
        raise NotFound()
    return queue


def queue_chat_status(queue: Queue) -> dict:
    """What the widget shows before a visitor starts: open, agents online, waiting, expected wait."""
    from .presence import online_members

    online = len(online_members(queue.pk))
    waiting = Conversation.objects.filter(state=State.WAITING, item__queue_id=queue.pk).count()
    since = timezone.now() - timedelta(days=1)
    average = (
        Conversation.objects.filter(
            item__queue_id=queue.pk, accepted_at__isnull=False, accepted_at__gte=since
        )
        .annotate(wait=F("accepted_at") - F("item__created_at"))
        .aggregate(avg=Avg("wait"))["avg"]
    )
    per_chat = average.total_seconds() if average is not None else DEFAULT_WAIT_SECONDS
    # Each online agent clears one waiting chat per average wait.
    expected = round(per_chat * (1 + waiting / online)) if online else None
    return {
        "queue": queue.slug,
        "name": queue.name,
        "open": online > 0,
        "agents_online": online,
        "waiting": waiting,
        "expected_wait_seconds": expected if expected is not None else 0,
    }


def replay_limit() -> int:
    return settings.CHAT_REPLAY_LIMIT
