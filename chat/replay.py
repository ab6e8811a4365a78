"""Database reads for the chat sockets (sync; the consumers call them off the event loop).

Replay reads ``last_seq`` first and then the messages up to it: a message is committed together
with the ``last_seq`` that numbers it, under the conversation's row lock, so every message up to
the ``last_seq`` read is already visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from helpdesk.accounts.rbac import Perm, user_has_perm

from .events import conversation_frame
from .models import Conversation, State
from .selectors import agent_conversations, messages_after, with_joins
from .serializers import message_payload


@dataclass
class Backlog:
    """What a socket is missing of one conversation: ``messages`` after its cursor up to
    ``last_seq`` (oldest first), or ``overflow`` when more than ``CHAT_REPLAY_LIMIT``."""

    conversation: int
    last_seq: int
    messages: list[dict] = field(default_factory=list)
    overflow: bool = False


def backlog(conversation_id: int, *, after: int, upto: int, include_internal: bool) -> Backlog:
    limit = settings.CHAT_REPLAY_LIMIT
    out = Backlog(conversation=conversation_id, last_seq=upto)
    if upto <= after:
        return out
    rows = messages_after(
        conversation_id,
        after=after,
        upto=upto,
        include_internal=include_internal,
        limit=limit + 1,
    )
    if len(rows) > limit:
        out.overflow = True
    else:
        out.messages = [message_payload(m) for m in rows]
    return out


def backlogs(cursors: dict[int, int | None], *, include_internal: bool) -> list[Backlog]:
    """For each conversation, what comes after the cursor (None: nothing to replay, just the
    current ``last_seq``). One query for the ``last_seq``s, one per conversation behind."""
    last = dict(Conversation.objects.filter(pk__in=list(cursors)).values_list("pk", "last_seq"))
    out = []
    for conversation_id, cursor in cursors.items():
        if conversation_id not in last:
            continue
        upto = last[conversation_id]
        after = upto if cursor is None else min(cursor, upto)
        out.append(
            backlog(conversation_id, after=after, upto=upto, include_internal=include_internal)
        )
    return out


# --- the visitor -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorInfo:
    conversation: int
    visitor_id: str
    name: str


def visitor_info(conversation_id: int) -> VisitorInfo | None:
    row = (
        Conversation.objects.filter(pk=conversation_id)
        .values_list("visitor_id", "visitor_name")
        .first()
    )
    if row is None:
        return None
    return VisitorInfo(conversation=conversation_id, visitor_id=str(row[0]), name=row[1])


# --- agents ------------------------------------------------------------------------------------


def agent_may_chat(user) -> bool:
    return user_has_perm(user, Perm.CHAT_HANDLE)


def session_agent(scope) -> tuple:
    """``(user, may chat)`` of the socket: the user of its session (the scope's ``session``,
    from Channels' session middleware) as Channels' AuthMiddleware resolves it, AnonymousUser
    when signed out or the session is stale; or the scope's ``user`` when an outer stack has
    resolved it already."""
    from channels.auth import get_user
    from django.contrib.auth.models import AnonymousUser

    # get_user.func: the sync function under Channels' async wrapper.
    user = get_user.func(scope) if "session" in scope else scope.get("user") or AnonymousUser()
    return user, user.is_authenticated and agent_may_chat(user)


def agent_conversation_ids(user) -> list[int]:
    return sorted(agent_conversations(user).values_list("pk", flat=True).distinct())


@dataclass(frozen=True)
class AgentView:
    """How one conversation stands for an agent: following it (held or watched, live), whether
    it is an offer to them, and its frame for ``conversation.updated`` / ``.offered``."""

    following: bool
    offered: bool
    frame: dict | None


def agent_view(user, conversation_id: int) -> AgentView:
    conversation = with_joins(Conversation.objects.filter(pk=conversation_id)).first()
    if conversation is None:
        return AgentView(following=False, offered=False, frame=None)
    following = agent_conversations(user).filter(pk=conversation_id).exists()
    offered = (
        following
        and conversation.state == State.WAITING
        and conversation.item.assignee_id == user.pk
    )
    return AgentView(following=following, offered=offered, frame=conversation_frame(conversation))


def last_seq_of(conversation_id: int) -> int:
    return (
        Conversation.objects.filter(pk=conversation_id).values_list("last_seq", flat=True).first()
        or 0
    )
