"""Writes to tickets. Each service is atomic, writes event rows, and publishes after commit.

The shared work-item fields change only through ``helpdesk.queues.services``; this module owns the
ticket rules: the lifecycle, the thread of messages, attachments and merging.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from helpdesk.common.errors import Conflict, Forbidden, NotFound, ServiceError
from helpdesk.queues.configuration import canned_render
from helpdesk.queues.models import (
    Category,
    EventVerb,
    Kind,
    Queue,
    Status,
    WorkItem,
)
from helpdesk.queues.selectors import canned_responses_for_user, queue_ids_visible_to
from helpdesk.queues.services import (
    event_record,
    item_publish,
    workitem_create,
    workitem_mark_responded,
    workitem_set_status,
)
from helpdesk.realtime.groups import item_group

from . import lifecycle
from .attachments import (
    CheckedFile,
    attachment_store,
    attachments_check,
    removes_files_on_error,
)

# Merging lives in its own module; it is a ticket service all the same.
from .merging import ticket_merge  # noqa: F401
from .models import Attachment, MessageKind, Ticket, TicketChannel, TicketMessage
from .rules import lock_ticket, require_not_closed, require_not_merged, touch
from .selectors import merge_target_id, ticket_visible

# --- helpers ---------------------------------------------------------------------------------


def _require_content(body: str, files: list[CheckedFile]) -> None:
    if not body.strip() and not files:
        raise ServiceError(
            _("Write a message or attach a file."),
            code="body_required",
            fields={"body": [_("This field is required.")]},
        )


def _publish_message(item: WorkItem, message: TicketMessage) -> None:
    """After commit, ring the ticket's own group with the new message (REST shape)."""
    item_id, message_id = item.pk, message.pk

    def send():
        from helpdesk.realtime.publish import publish

        from .serializers import TicketMessageSerializer

        fresh = (
            TicketMessage.objects.select_related("author")
            .prefetch_related("attachments__uploaded_by")
            .filter(pk=message_id)
            .first()
        )
        if fresh is not None:
            publish([item_group(item_id)], "ticket.message", TicketMessageSerializer(fresh).data)

    transaction.on_commit(send)


def _add_message(
    *,
    item: WorkItem,
    ticket: Ticket,
    kind: str,
    body: str,
    author,
    uploaded_by,
    files: list[CheckedFile],
) -> tuple[TicketMessage, list[Attachment]]:
    message = TicketMessage.objects.create(ticket=ticket, kind=kind, author=author, body=body)
    stored = [
        attachment_store(ticket=ticket, checked=checked, message=message, uploaded_by=uploaded_by)
        for checked in files
    ]
    return message, stored


def _message_event(item, actor, verb, message, stored, **extra) -> None:
    data = {"message": message.pk, "attachments": [a.pk for a in stored], **extra}
    event_record(item=item, actor=actor, verb=verb, data=data)


# --- creating ----------------------------------------------------------------------------------


def _queue_for_new_ticket(actor, queue_id: int) -> Queue:
    queue = None
    if queue_id in queue_ids_visible_to(actor):
        queue = Queue.objects.filter(pk=queue_id).first()
    if queue is None:
        raise ServiceError(
            _("Unknown queue."),
            code="queue_not_found",
            fields={"queue": [_("Not a queue you work in.")]},
        )
    return queue


def _customer_for_new_ticket(actor, customer_id: int):
    from helpdesk.customers.selectors import customer_get_for_user

    try:
        return customer_get_for_user(actor, customer_id, audit=False)
    except (NotFound, Forbidden):
        raise ServiceError(
            _("Unknown customer."),
            code="customer_not_found",
            fields={"customer": [_("Unknown customer.")]},
        ) from None


def ticket_create(
    *,
    actor,
    queue_id: int,
    subject: str,
    body: str,
    priority: int | None = None,
    category_id: int | None = None,
    tags: Iterable[str] = (),
    customer_id: int | None = None,
    channel: str = TicketChannel.STAFF,
    requester_name: str = "",
    requester_email: str = "",
    attachments: Iterable = (),
) -> Ticket:
    """Open a ticket in a queue the actor works in. The description is its first customer message.

    References are resolved before the write transaction opens, so that a refused customer
    look-up keeps its ``denied`` audit row.
    """
    queue = _queue_for_new_ticket(actor, queue_id)
    category = None
    if category_id is not None:
        category = Category.objects.filter(pk=category_id, is_active=True).first()
        if category is None:
            raise ServiceError(
                _("Unknown category."),
                code="category_not_found",
                fields={"category": [_("Unknown category.")]},
            )
    customer = _customer_for_new_ticket(actor, customer_id) if customer_id is not None else None
    files = attachments_check(attachments)
    _require_content(body, files)
    return _ticket_create(
        actor=actor,
        queue=queue,
        subject=subject,
        body=body.strip(),
        priority=priority,
        category=category,
        tags=tags,
        customer=customer,
        channel=channel,
        requester_name=requester_name,
        requester_email=requester_email,
        files=files,
    )


def ticket_create_from_customer(
    *,
    queue: Queue,
    subject: str,
    body: str,
    customer=None,
    channel: str,
    requester_name: str = "",
    requester_email: str = "",
) -> Ticket:
    """A ticket that a customer opened with no member of staff involved (e.g. the chat widget's
    offline form): no actor, the body is the customer's first message."""
    _require_content(body, [])
    return _ticket_create(
        actor=None,
        queue=queue,
        subject=subject,
        body=body.strip(),
        priority=None,
        category=None,
        tags=(),
        customer=customer,
        channel=channel,
        requester_name=requester_name,
        requester_email=requester_email,
        files=[],
    )


@removes_files_on_error
@transaction.atomic
def _ticket_create(
    *,
    actor,
    queue: Queue,
    subject: str,
    body: str,
    priority,
    category,
    tags,
    customer,
    channel: str,
    requester_name: str,
    requester_email: str,
    files: list[CheckedFile],
) -> Ticket:
    item = workitem_create(
        kind=Kind.TICKET,
        queue=queue,
        subject=subject,
        created_by=actor,
        customer=customer,
        priority=priority,
        category=category,
        tags=tags,
        data={"channel": channel},
    )
    ticket = Ticket.objects.create(
        item=item,
        channel=channel,
        requester_name=requester_name,
        requester_email=requester_email,
    )
    _add_message(
        item=item,
        ticket=ticket,
        kind=MessageKind.CUSTOMER,
        body=body,
        author=None,
        uploaded_by=actor,
        files=files,
    )
    return ticket


# --- lifecycle ---------------------------------------------------------------------------------


@transaction.atomic
def ticket_set_status(*, ticket_id: int, actor, status: str, reason: str = "") -> WorkItem:
    """Move the ticket along its lifecycle (see :mod:`helpdesk.tickets.lifecycle`)."""
    ticket_visible(actor, ticket_id)
    item, ticket = lock_ticket(ticket_id)
    require_not_merged(ticket)
    reason = (reason or "").strip()
    lifecycle.check_transition(item.status, status, user=actor, reason=reason)
    return workitem_set_status(item=item, actor=actor, status=status, reason=reason)


# --- messages ----------------------------------------------------------------------------------


def _canned_text(actor, item: WorkItem, canned_id: int) -> str:
    canned = canned_responses_for_user(actor, queue_id=item.queue_id).filter(pk=canned_id).first()
    if canned is None:
        raise ServiceError(
            _("Unknown canned response."),
            code="canned_not_found",
            fields={"canned_response": [_("Not a canned response of this queue.")]},
        )
    return canned_render(body=canned.body, item=item, agent=actor)


@removes_files_on_error
@transaction.atomic
def ticket_reply(
    *,
    ticket_id: int,
    actor,
    body: str = "",
    canned_response_id: int | None = None,
    status: str | None = None,
    attachments: Iterable = (),
) -> tuple[WorkItem, TicketMessage]:
    """A public reply to the customer. The first one records the first response; a new ticket
    becomes open, or takes ``status`` (pending, on hold, resolved) in the same step."""
    ticket_visible(actor, ticket_id)
    files = attachments_check(attachments)
    item, ticket = lock_ticket(ticket_id)
    require_not_merged(ticket)
    require_not_closed(item)
    text = (body or "").strip()
    if canned_response_id is not None:
        rendered = _canned_text(actor, item, canned_response_id).strip()
        text = f"{text}\n\n{rendered}" if text else rendered
    _require_content(text, files)

    if status is not None and status not in lifecycle.REPLY_STATUSES:
        allowed = list(lifecycle.REPLY_STATUSES)
        labels = dict(Status.choices)
        names = pgettext("list separator", ", ").join(str(labels.get(s, s)) for s in allowed)
        message = _("A reply can set the status to: %(allowed)s.") % {"allowed": names}
        raise ServiceError(
            message,
            code="invalid_transition",
            status_code=409,
            fields={"status": [message], "allowed": allowed},
        )
    target = status or (lifecycle.OPEN if item.status == lifecycle.NEW else None)
    if target == item.status:
        target = None
    if target is not None:
        lifecycle.check_transition(item.status, target, user=actor)

    message, stored = _add_message(
        item=item,
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        body=text,
        author=actor,
        uploaded_by=actor,
        files=files,
    )
    extra = {"canned_response": canned_response_id} if canned_response_id is not None else {}
    _message_event(item, actor, EventVerb.REPLIED, message, stored, **extra)
    workitem_mark_responded(item=item)
    if target is not None:
        workitem_set_status(item=item, actor=actor, status=target, data={"message": message.pk})
    else:
        touch(item)
        item_publish(item)
    _publish_message(item, message)
    return item, message


@removes_files_on_error
@transaction.atomic
def ticket_note(
    *, ticket_id: int, actor, body: str = "", attachments: Iterable = ()
) -> tuple[WorkItem, TicketMessage]:
    """An internal note: staff only, never a response, never a status change."""
    ticket_visible(actor, ticket_id)
    files = attachments_check(attachments)
    text = (body or "").strip()
    _require_content(text, files)
    item, ticket = lock_ticket(ticket_id)
    require_not_merged(ticket)
    message, stored = _add_message(
        item=item,
        ticket=ticket,
        kind=MessageKind.INTERNAL,
        body=text,
        author=actor,
        uploaded_by=actor,
        files=files,
    )
    _message_event(item, actor, EventVerb.NOTED, message, stored)
    touch(item)
    item_publish(item)
    _publish_message(item, message)
    return item, message


@removes_files_on_error
@transaction.atomic
def ticket_customer_message(
    *, ticket_id: int, actor, body: str = "", attachments: Iterable = ()
) -> tuple[WorkItem, TicketMessage]:
    """A message from the customer (entered by an integration or by staff on their behalf).

    It lands on the ticket a merged ticket was merged into. On a pending or resolved ticket it
    reopens the ticket; a closed ticket refuses it (the integration opens a new ticket).
    """
    ticket_visible(actor, ticket_id)
    files = attachments_check(attachments)
    text = (body or "").strip()
    _require_content(text, files)
    target_id = merge_target_id(ticket_id)
    if target_id != ticket_id:
        ticket_visible(actor, target_id)
    item, ticket = lock_ticket(target_id)
    if ticket.merged_into_id:  # merged meanwhile
        raise Conflict()
    require_not_closed(item)
    message, stored = _add_message(
        item=item,
        ticket=ticket,
        kind=MessageKind.CUSTOMER,
        body=text,
        author=None,
        uploaded_by=actor,
        files=files,
    )
    extra = {"sent_to": ticket_id} if target_id != ticket_id else {}
    _message_event(item, actor, EventVerb.CUSTOMER_REPLIED, message, stored, **extra)
    if item.status in lifecycle.REOPENED_BY_CUSTOMER:
        workitem_set_status(
            item=item,
            actor=actor,
            status=lifecycle.OPEN,
            data={"message": message.pk, "cause": "customer_message"},
        )
    else:
        touch(item)
        item_publish(item)
    _publish_message(item, message)
    return item, message


# --- attachments -------------------------------------------------------------------------------


@removes_files_on_error
@transaction.atomic
def ticket_attach(*, ticket_id: int, actor, attachments: Iterable) -> list[Attachment]:
    """Attach files to the ticket itself (not to a message)."""
    ticket_visible(actor, ticket_id)
    files = attachments_check(attachments)
    if not files:
        raise ServiceError(
            _("Choose at least one file."),
            code="attachments_required",
            fields={"attachments": [_("This field is required.")]},
        )
    item, ticket = lock_ticket(ticket_id)
    require_not_merged(ticket)
    require_not_closed(item)
    stored = [attachment_store(ticket=ticket, checked=f, uploaded_by=actor) for f in files]
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.ATTACHED,
        data={"attachments": [a.pk for a in stored], "files": [a.filename for a in stored]},
    )
    touch(item)
    item_publish(item)
    return stored
