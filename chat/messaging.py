"""Messages: numbered under a row lock on the conversation, idempotent on the client's id,
committed before they are acknowledged or broadcast."""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import EventVerb, Kind, WorkItem
from helpdesk.queues.services import event_record, workitem_mark_responded
from helpdesk.tickets.attachments import attachment_check

from . import events
from .models import ChatMessage, Conversation, Party, State
from .rules import not_in_conversation_error, require_live
from .selectors import holds_or_watches
from .serializers import message_payload


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage name, already written
    filename: str
    content_type: str
    size: int


def body_checked(body, *, has_file: bool = False) -> str:
    """The trimmed body, or ``body_required`` / ``message_too_long``."""
    text = body.strip() if isinstance(body, str) else ""
    if not text and not has_file:
        raise ServiceError(
            _("Write a message."),
            code="body_required",
            fields={"body": [_("This field is required.")]},
        )
    limit = settings.CHAT_MESSAGE_MAX_CHARS
    if len(text) > limit:
        raise ServiceError(
            _("A message holds at most %(limit)d characters.") % {"limit": limit},
            code="message_too_long",
            fields={"body": [_("Too long.")]},
        )
    return text


def append_message(
    conversation: Conversation,
    *,
    sender: str,
    body: str,
    client_id=None,
    author=None,
    internal: bool = False,
    file: StoredFile | None = None,
) -> ChatMessage:
    """Number and store a message (the caller holds the conversation's row lock); publish it
    once the transaction commits."""
    seq = conversation.last_seq + 1
    message = ChatMessage(
        conversation=conversation,
        seq=seq,
        client_id=client_id or uuid.uuid4(),
        sender=sender,
        internal=internal,
        author=author,
        body=body,
    )
    if file is not None:
        message.attachment.name = file.name
        message.attachment_name = file.filename
        message.attachment_type = file.content_type
        message.attachment_size = file.size
    message.save()
    conversation.last_seq = seq
    Conversation.objects.filter(pk=conversation.pk).update(last_seq=seq)
    events.message_publish(message, message_payload(message))
    return message


@transaction.atomic
def message_send(
    *,
    conversation_id: int,
    sender: str,
    client_id,
    body: str = "",
    actor=None,
    internal: bool = False,
    file: StoredFile | None = None,
) -> tuple[ChatMessage, bool]:
    """Store a visitor's or an agent's message; returns ``(message, duplicate)``.

    Sending a ``client_id`` again returns the stored message (``duplicate`` True) and stores
    nothing. A visitor's token was checked by the caller; an agent must hold or watch the
    conversation. The holder's first public message is the first response, and answers
    (accepts) a chat that was offered to them.
    """
    if sender == Party.VISITOR:
        internal, actor = False, None
    elif sender != Party.AGENT or actor is None:
        raise ValueError("message_send: a visitor, or an agent with an actor")
    text = body_checked(body, has_file=file is not None)
    # Sockets on PostgreSQL store the common case (a text message to an active chat) in one
    # statement on the event loop (chat/hotpath.py); every other case comes here.
    item = None
    try:
        if sender == Party.AGENT:
            # Item before conversation: the order every chat service takes them in.
            item = WorkItem.objects.select_for_update().get(pk=conversation_id, kind=Kind.CHAT)
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
    except (WorkItem.DoesNotExist, Conversation.DoesNotExist):
        raise NotFound() from None

    existing = (
        ChatMessage.objects.filter(conversation_id=conversation_id, client_id=client_id)
        .select_related("author")
        .order_by()
        .first()
    )
    if existing is not None:
        if existing.sender != sender or (actor is not None and existing.author_id != actor.pk):
            raise ServiceError(
                _("This client id belongs to another message."), code="invalid_client_id"
            )
        return existing, True

    require_live(conversation)
    is_holder = item is not None and item.assignee_id == actor.pk
    if (
        sender == Party.AGENT
        and not is_holder
        and not conversation.watchers.filter(pk=actor.pk).exists()
    ):
        raise not_in_conversation_error()

    message = append_message(
        conversation,
        sender=sender,
        body=text,
        client_id=client_id,
        author=actor,
        internal=internal,
        file=file,
    )
    if sender == Party.AGENT and not internal:
        if item.first_response_at is None:
            workitem_mark_responded(item=item)
            event_record(
                item=item,
                actor=actor,
                verb=EventVerb.REPLIED,
                data={"message": message.pk, "seq": message.seq, "first_response": True},
            )
        if is_holder and conversation.state == State.WAITING:
            _answer_offer(conversation, item, actor)
    return message, False


def _answer_offer(conversation: Conversation, item: WorkItem, actor) -> None:
    """The agent a chat was offered to answered it: it is theirs now (as if accepted)."""
    conversation.state = State.ACTIVE
    conversation.accepted_at = conversation.accepted_at or timezone.now()
    conversation.save(update_fields=["state", "accepted_at"])
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={"state": {"from": State.WAITING, "to": State.ACTIVE}, "by": "answer"},
    )
    events.conversation_publish(conversation.pk)


def message_attach(
    *,
    conversation_id: int,
    sender: str,
    upload,
    body: str = "",
    client_id=None,
    actor=None,
) -> tuple[ChatMessage, bool]:
    """A message carrying one file, checked like a ticket's attachments (size, type, content).

    The file is written before the transaction and removed again if the message is refused
    (or was a resend)."""
    try:
        checked = attachment_check(upload)
    except ServiceError as exc:
        exc.fields = {"file": exc.fields.get("attachments", [exc.message])}
        raise
    path = f"chat/{conversation_id}/{uuid.uuid4().hex[:16]}/{checked.filename}"
    name = default_storage.save(path, checked.upload)
    stored = StoredFile(
        name=name, filename=checked.filename, content_type=checked.content_type, size=checked.size
    )
    try:
        message, duplicate = message_send(
            conversation_id=conversation_id,
            sender=sender,
            client_id=client_id or uuid.uuid4(),
            body=body,
            actor=actor,
            file=stored,
        )
    except BaseException:
        with suppress(OSError):
            default_storage.delete(name)
        raise
    if duplicate:
        with suppress(OSError):
            default_storage.delete(name)
    return message, duplicate


@transaction.atomic
def conversation_mark_read(*, conversation_id: int, reader: str, seq: int, actor=None) -> int:
    """Move the reader's read mark up to ``seq`` (never down, never past the last message);
    broadcast ``read`` when it moved. Returns the mark."""
    if reader == Party.AGENT and not holds_or_watches(actor, conversation_id):
        raise not_in_conversation_error()
    field = "visitor_last_read_seq" if reader == Party.VISITOR else "agent_last_read_seq"
    below = Q(**{f"{field}__lt": seq}) & Q(**{f"{field}__lt": F("last_seq")})
    moved = (
        Conversation.objects.filter(pk=conversation_id)
        .filter(below)
        .update(**{field: Least(Value(seq), F("last_seq"))})
    )
    mark = Conversation.objects.filter(pk=conversation_id).values_list(field, flat=True).first()
    if mark is None:
        raise NotFound()
    if moved:
        events.read_publish(conversation_id, reader=reader, seq=mark)
    return mark
