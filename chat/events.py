"""Realtime events of the chat, published after commit. The database is the record; these only
ring the doorbell (a socket that misses one catches up from the database)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import forward_event, publish, publish_on_commit

from .groups import conversation_group, conversation_staff_group

MESSAGE_NEW = "message.new"
CONVERSATION_UPDATED = "conversation.updated"
CONVERSATION_OFFERED = "conversation.offered"
TYPING = "typing"
READ = "read"


def message_event(message, payload: dict) -> tuple[str, dict]:
    """The group and channel-layer event of a stored message's ``message.new``: everyone in the
    conversation, or its agents only for an internal note."""
    conversation_id = message.conversation_id
    group = (conversation_staff_group if message.internal else conversation_group)(conversation_id)
    return group, forward_event(MESSAGE_NEW, {"conversation": conversation_id, "message": payload})


def message_publish(message, payload: dict) -> None:
    """``message.new`` once the transaction commits."""
    group, event = message_event(message, payload)
    publish_on_commit([group], MESSAGE_NEW, event["payload"])


def read_publish(conversation_id: int, *, reader: str, seq: int) -> None:
    publish_on_commit(
        [conversation_group(conversation_id)],
        READ,
        {"conversation": conversation_id, "reader": reader, "seq": seq},
    )


def conversation_frame(conversation) -> dict:
    from .serializers import ConversationFrameSerializer

    return dict(ConversationFrameSerializer(conversation).data)


def conversation_publish(conversation_id: int, *, users: Iterable[int | None] = ()) -> None:
    """After commit, ``conversation.updated`` to the conversation's group and to ``users`` (the
    agents who are joining it: their sockets subscribe when they hear it)."""
    groups = [conversation_group(conversation_id)]
    groups += [user_group(u) for u in dict.fromkeys(users) if u]

    def send():
        from .models import Conversation
        from .selectors import with_joins

        fresh = with_joins(Conversation.objects.filter(pk=conversation_id)).first()
        if fresh is not None:
            publish(groups, CONVERSATION_UPDATED, {"conversation": conversation_frame(fresh)})

    transaction.on_commit(send)
