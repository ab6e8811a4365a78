"""Writes to conversations: start, accept, transfer, end, rate, convert, join, take over, and
the widget's offline messages. Each service is atomic, records events on the work item and
publishes after commit. Messages live in :mod:`chat.messaging`; routing in :mod:`chat.offers`.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError
from helpdesk.customers.models import ContactKind, Customer, CustomerContact
from helpdesk.customers.phone import InvalidEmail, InvalidPhone, normalise_email, normalise_phone
from helpdesk.queues.models import EventVerb, Kind, LinkKind, Queue, Status, WorkItem
from helpdesk.queues.services import (
    event_record,
    workitem_create,
    workitem_handover,
    workitem_link,
    workitem_set_status,
    workitem_take,
    workitem_transfer,
)
from helpdesk.tickets.models import Ticket, TicketChannel

from . import events
from .messaging import append_message, message_send
from .models import Conversation, Party, State
from .offers import offer_on_commit
from .presence import online_capacities, online_members
from .rules import (
    lock_conversation,
    require_chat_room,
    require_handler,
    require_lead,
    require_live,
)
from .selectors import messages_after, require_visible

# --- helpers ---------------------------------------------------------------------------------


def contact_normalised(raw: str) -> tuple[str, str]:
    """``(kind, value)``: an email address in lower case or a phone number in E.164."""
    raw = (raw or "").strip()
    try:
        if "@" in raw:
            return ContactKind.EMAIL, normalise_email(raw)
        return ContactKind.PHONE, normalise_phone(raw)
    except (InvalidEmail, InvalidPhone):
        message = _("Enter a phone number or an email address.")
        raise ServiceError(message, code="invalid_contact", fields={"contact": [message]}) from None


def customer_matching(kind: str, value: str) -> Customer | None:
    """The customer file whose contacts hold this value, when exactly one does."""
    ids = list(
        CustomerContact.objects.filter(kind=kind, value=value)
        .values_list("customer_id", flat=True)
        .distinct()[:2]
    )
    return Customer.objects.filter(pk=ids[0]).first() if len(ids) == 1 else None


def _state_event(item, actor, before: str, after: str, **extra) -> None:
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={"state": {"from": before, "to": after}, **extra},
    )


# --- the visitor -------------------------------------------------------------------------------


@transaction.atomic
def conversation_start(
    *, queue: Queue, name: str, contact: str, topic: str = "", message: str = ""
) -> Conversation:
    """A visitor starts a chat in ``queue``: a work item of kind chat, routed by the core when
    the transaction commits. ``409 chat_closed`` when no agent of the queue is online."""
    if not queue.is_active or not online_members(queue.pk):
        raise ServiceError(
            _("Nobody can chat right now. Please leave us a message instead."),
            code="chat_closed",
            status_code=409,
        )
    kind, value = contact_normalised(contact)
    name, topic = name.strip(), (topic or "").strip()
    item = workitem_create(
        kind=Kind.CHAT,
        queue=queue,
        subject=topic or _("Chat with %(name)s") % {"name": name},
        customer=customer_matching(kind, value),
        data={"channel": "chat"},
    )
    conversation = Conversation.objects.create(
        item=item, visitor_name=name, contact=value, topic=topic
    )
    if message and message.strip():
        message_send(
            conversation_id=conversation.pk,
            sender=Party.VISITOR,
            client_id=uuid.uuid4(),
            body=message,
        )
    offer_on_commit(conversation.pk)
    return conversation


@transaction.atomic
def conversation_end(*, conversation_id: int, actor=None, by: str = Party.AGENT) -> Conversation:
    """End a live chat: by its visitor (token checked by the caller), or by the holder or a lead.
    The work item is closed; the visitor is then asked for a rating."""
    if by == Party.AGENT:
        require_visible(actor, conversation_id)
    _queue, item, conversation = lock_conversation(conversation_id)
    require_live(conversation)
    if by == Party.AGENT:
        require_handler(actor, item)
    before = conversation.state
    conversation.state = State.ENDED
    conversation.ended_at = timezone.now()
    conversation.ended_by = by
    conversation.save(update_fields=["state", "ended_at", "ended_by"])
    _state_event(item, actor, before, State.ENDED, ended_by=by)
    workitem_set_status(item=item, actor=actor, status=Status.CLOSED, data={"ended_by": by})
    events.conversation_publish(conversation.pk)
    return conversation


@transaction.atomic
def conversation_rate(*, conversation_id: int, score: int, comment: str = "") -> Conversation:
    """The visitor rates an ended chat, once."""
    if not 1 <= int(score) <= 5:
        raise ServiceError(
            _("A rating is from 1 to 5."),
            code="invalid",
            fields={"score": [_("A rating is from 1 to 5.")]},
        )
    conversation = (
        Conversation.objects.select_for_update().select_related("item").get(pk=conversation_id)
    )
    if conversation.state != State.ENDED:
        raise ServiceError(
            _("A chat can be rated once it has ended."),
            code="conversation_not_ended",
            status_code=409,
        )
    if conversation.rated_at is not None:
        raise ServiceError(
            _("This chat has already been rated."), code="already_rated", status_code=409
        )
    conversation.rating_score = int(score)
    conversation.rating_comment = (comment or "").strip()
    conversation.rated_at = timezone.now()
    conversation.save(update_fields=["rating_score", "rating_comment", "rated_at"])
    # The item's one satisfaction rating (helpdesk/quality): 409 if it was rated by email link.
    from helpdesk.quality.models import RatingSource
    from helpdesk.quality.services import rating_record

    rating_record(
        item=conversation.item,
        score=int(score),
        comment=conversation.rating_comment,
        source=RatingSource.WIDGET,
    )
    event_record(
        item=conversation.item, actor=None, verb=EventVerb.UPDATED, data={"rating": int(score)}
    )
    return conversation


def offline_message_create(
    *, queue: Queue, name: str, contact: str, topic: str = "", message: str
) -> Ticket:
    """The widget's form when nobody is online: a ticket in that queue (its first customer
    message), with the visitor's customer file when exactly one matches the contact."""
    from helpdesk.tickets.services import ticket_create_from_customer

    kind, value = contact_normalised(contact)
    name, topic = name.strip(), (topic or "").strip()
    text = (message or "").strip()
    if not text:
        raise ServiceError(
            _("Write a message."),
            code="body_required",
            fields={"message": [_("This field is required.")]},
        )
    if not queue.is_active:
        raise ServiceError(_("This queue is closed to new work."), code="queue_inactive")
    return ticket_create_from_customer(
        queue=queue,
        subject=topic or _("Message from %(name)s") % {"name": name},
        body=f"{text}\n\n— {name}, {value}",
        customer=customer_matching(kind, value),
        channel=TicketChannel.CHAT,
        requester_name=name,
        requester_email=value if kind == ContactKind.EMAIL else "",
    )


# --- agents ------------------------------------------------------------------------------------


@transaction.atomic
def conversation_accept(*, conversation_id: int, user) -> Conversation:
    """A member takes a waiting chat (or answers the one offered to them), within their chat
    capacity."""
    require_visible(user, conversation_id)
    _queue, item, conversation = lock_conversation(conversation_id)
    require_live(conversation)
    if conversation.state == State.ACTIVE:
        if item.assignee_id == user.pk:
            return conversation
        raise ServiceError(
            _("Someone else is already answering this chat."),
            code="already_accepted",
            status_code=409,
        )
    if item.assignee_id not in (None, user.pk):
        raise ServiceError(
            _("This chat is offered to %(name)s.") % {"name": item.assignee},
            code="already_assigned",
            status_code=409,
        )
    require_chat_room(user, exclude_item=item.pk)
    if item.assignee_id is None:
        item = workitem_take(item_id=item.pk, user=user)
    conversation.state = State.ACTIVE
    conversation.accepted_at = conversation.accepted_at or timezone.now()
    conversation.save(update_fields=["state", "accepted_at"])
    _state_event(item, user, State.WAITING, State.ACTIVE)
    events.conversation_publish(conversation.pk, users=[user.pk])
    return conversation


@transaction.atomic
def conversation_transfer(
    *, conversation_id: int, actor, note: str, to_user=None, to_queue: Queue | None = None
) -> Conversation:
    """The holder or a lead hands the chat to an online colleague (offered to them) or to
    another queue (routed there). The note is required and is kept as an internal message."""
    note = (note or "").strip()
    if not note:
        raise ServiceError(
            _("Say why the chat is transferred."),
            code="note_required",
            fields={"note": [_("This field is required.")]},
        )
    if (to_user is None) == (to_queue is None):
        raise ServiceError(
            _("Give either a colleague or a queue."),
            code="invalid",
            fields={"to_user": [_("Give either a colleague or a queue.")]},
        )
    require_visible(actor, conversation_id)
    _queue, item, conversation = lock_conversation(conversation_id)
    require_live(conversation)
    require_handler(actor, item)
    before = conversation.state
    if to_user is not None:
        if to_user.pk == item.assignee_id:
            raise ServiceError(
                _("The chat is already with %(name)s.") % {"name": to_user}, code="same_agent"
            )
        if to_user.pk not in online_capacities([to_user.pk]):
            raise ServiceError(
                _("%(name)s is not online.") % {"name": to_user},
                code="agent_offline",
                status_code=409,
                fields={"to_user": [_("Not online.")]},
            )
        require_chat_room(to_user, exclude_item=item.pk)
        workitem_handover(
            item_id=item.pk, to_user=to_user, actor=actor, reason=note, data={"chat": "transfer"}
        )
        conversation.offered_at = timezone.now()
    else:
        workitem_transfer(item_id=item.pk, actor=actor, to_queue=to_queue, reason=note)
        conversation.offered_at = None
        offer_on_commit(conversation.pk)
    conversation.state = State.WAITING
    conversation.save(update_fields=["state", "offered_at"])
    if before != State.WAITING:
        _state_event(item, actor, before, State.WAITING, cause="transfer")
    append_message(conversation, sender=Party.SYSTEM, body=note, author=actor, internal=True)
    events.conversation_publish(conversation.pk, users=[to_user.pk if to_user else None])
    return conversation


@transaction.atomic
def conversation_join(*, conversation_id: int, actor) -> Conversation:
    """A lead of the queue watches the chat (and may write in it) without taking it."""
    require_visible(actor, conversation_id)
    _queue, item, conversation = lock_conversation(conversation_id)
    require_live(conversation)
    require_lead(actor, item)
    if item.assignee_id == actor.pk or conversation.watchers.filter(pk=actor.pk).exists():
        return conversation
    conversation.watchers.add(actor)
    event_record(item=item, actor=actor, verb=EventVerb.UPDATED, data={"watcher_joined": actor.pk})
    events.conversation_publish(conversation.pk, users=[actor.pk])
    return conversation


@transaction.atomic
def conversation_takeover(*, conversation_id: int, actor) -> Conversation:
    """A lead of the queue becomes the chat's holder (the previous holder leaves it)."""
    require_visible(actor, conversation_id)
    _queue, item, conversation = lock_conversation(conversation_id)
    require_live(conversation)
    require_lead(actor, item)
    if item.assignee_id == actor.pk and conversation.state == State.ACTIVE:
        return conversation
    workitem_handover(item_id=item.pk, to_user=actor, actor=actor, data={"chat": "takeover"})
    conversation.watchers.remove(actor)
    before = conversation.state
    conversation.state = State.ACTIVE
    conversation.accepted_at = conversation.accepted_at or timezone.now()
    conversation.save(update_fields=["state", "accepted_at"])
    if before != State.ACTIVE:
        _state_event(item, actor, before, State.ACTIVE, cause="takeover")
    events.conversation_publish(conversation.pk, users=[actor.pk])
    return conversation


def _transcript(conversation: Conversation, item: WorkItem) -> str:
    started = timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M")
    lines = [
        _("Chat %(reference)s with %(name)s (%(contact)s), started %(when)s")
        % {
            "reference": item.reference,
            "name": conversation.visitor_name,
            "contact": conversation.contact,
            "when": started,
        },
        "",
    ]
    for message in messages_after(conversation.pk, include_internal=False):
        if message.sender == Party.VISITOR:
            who = conversation.visitor_name
        elif message.author_id:
            who = message.author.name
        else:
            who = _("System")
        when = timezone.localtime(message.created_at).strftime("%H:%M:%S")
        text = message.body
        if message.attachment_name:
            text = f"{text} [{message.attachment_name}]".strip()
        lines.append(f"[{when}] {who}: {text}")
    return "\n".join(lines)


@transaction.atomic
def conversation_convert(*, conversation_id: int, actor) -> WorkItem:
    """The holder or a lead makes a ticket of the chat: the transcript (without internal notes)
    is the ticket's first message; the two items are linked. Once per chat."""
    from helpdesk.tickets.services import ticket_create

    require_visible(actor, conversation_id)
    queue, item, conversation = lock_conversation(conversation_id)
    require_handler(actor, item)
    if conversation.converted_to_id is not None:
        raise ServiceError(
            _("This chat has already been made into a ticket."),
            code="already_converted",
            status_code=409,
        )
    contact_is_email = "@" in conversation.contact
    ticket = ticket_create(
        actor=actor,
        queue_id=queue.pk,
        subject=item.subject,
        body=_transcript(conversation, item),
        customer_id=item.customer_id,
        channel=TicketChannel.CHAT,
        requester_name=conversation.visitor_name,
        requester_email=conversation.contact if contact_is_email else "",
    )
    workitem_link(item_id=item.pk, target_id=ticket.item_id, kind=LinkKind.RELATES, actor=actor)
    conversation.converted_to_id = ticket.item_id
    conversation.save(update_fields=["converted_to"])
    return ticket.item
