"""Evidence from the work a complaint is about: the messages of a ticket or chat, a call, an order.

Each kind of work registers a *reader* that turns one of its work items into evidence drafts
(:func:`register_evidence_reader`): tickets and calls are registered here (they are the core's),
live chat registers its own from ``chat.apps`` (the core never imports chat). A draft is a
snapshot: the text, who wrote it and when, and a reference to a stored file (the file is shared,
not copied: attachments are never deleted). Each draft has a ``source_key`` so that linking the
same work again copies nothing twice.

Orders are read here too (``orders`` is installed with the core and imported lazily); what a
complaint keeps of an order is what the customer may know of it, never the supplier details.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.utils import timezone

from helpdesk.queues.models import Kind, WorkItem

from .models import Evidence, EvidenceKind, Party


@dataclass
class Draft:
    kind: str
    source_key: str
    occurred_at: datetime
    body: str = ""
    source_ref: str = ""
    party: str = ""
    author_id: int | None = None
    author_name: str = ""
    internal: bool = False
    file_name: str = ""  # a name in default_storage, already written
    filename: str = ""
    content_type: str = ""
    size: int | None = None
    sha256: str = ""
    data: dict = field(default_factory=dict)


Reader = Callable[[WorkItem], list[Draft]]
_readers: dict[str, Reader] = {}


def register_evidence_reader(kind: str, reader: Reader) -> None:
    """``reader(item) -> [Draft]``: the evidence a work item of ``kind`` gives a complaint."""
    _readers[str(kind)] = reader


def readable_kinds() -> frozenset[str]:
    return frozenset(_readers)


def drafts_for_item(item: WorkItem) -> list[Draft]:
    """A summary of the item, then what its kind's reader finds (messages, files, the call)."""
    drafts = [
        Draft(
            kind=EvidenceKind.ITEM,
            source_key=f"item:{item.pk}",
            source_ref=item.reference,
            occurred_at=item.created_at,
            body=item.subject,
            party=Party.SYSTEM,
            data={"kind": item.kind, "status": item.status, "queue": item.queue_id},
        )
    ]
    reader = _readers.get(item.kind)
    if reader is not None:
        drafts += reader(item)
    return drafts


def store_drafts(
    complaint, drafts: Iterable[Draft], *, added_by, source_item=None, source_order=None
) -> list[Evidence]:
    """Write the drafts whose source is not on the complaint yet (in one insert)."""
    drafts = list(drafts)
    keys = {d.source_key for d in drafts if d.source_key}
    existing = set(
        Evidence.objects.filter(complaint=complaint, source_key__in=keys).values_list(
            "source_key", flat=True
        )
    )
    rows = []
    for d in drafts:
        if d.source_key and d.source_key in existing:
            continue
        existing.add(d.source_key)
        row = Evidence(
            complaint=complaint,
            kind=d.kind,
            source_item=source_item,
            source_order=source_order,
            source_key=d.source_key,
            source_ref=d.source_ref,
            party=d.party,
            author_id=d.author_id,
            author_name=d.author_name[:200],
            body=d.body,
            internal=d.internal,
            occurred_at=d.occurred_at,
            filename=d.filename[:200],
            content_type=d.content_type,
            size=d.size,
            sha256=d.sha256,
            data=d.data,
            added_by=added_by,
        )
        row.file.name = d.file_name or ""
        rows.append(row)
    return Evidence.objects.bulk_create(rows)


# --- tickets ---------------------------------------------------------------------------------------


def ticket_drafts(item: WorkItem) -> list[Draft]:
    from helpdesk.tickets.models import Attachment, MessageKind, TicketMessage

    party_of = {
        MessageKind.CUSTOMER: Party.CUSTOMER,
        MessageKind.PUBLIC: Party.STAFF,
        MessageKind.INTERNAL: Party.STAFF,
    }
    ticket = getattr(item, "ticket", None)
    requester = ticket.requester_name if ticket is not None else ""
    customer_name = item.customer.name if item.customer_id else requester
    drafts = []
    for message in TicketMessage.objects.filter(ticket_id=item.pk).select_related("author"):
        drafts.append(
            Draft(
                kind=EvidenceKind.MESSAGE,
                source_key=f"ticket_message:{message.pk}",
                source_ref=item.reference,
                occurred_at=message.created_at,
                body=message.body,
                party=party_of.get(message.kind, Party.SYSTEM),
                author_id=message.author_id,
                author_name=message.author.name if message.author_id else customer_name,
                internal=message.kind == MessageKind.INTERNAL,
                data={"message_kind": message.kind, "message": message.pk},
            )
        )
    attachments = Attachment.objects.filter(ticket_id=item.pk).select_related(
        "uploaded_by", "message"
    )
    for attachment in attachments:
        message = attachment.message
        drafts.append(
            Draft(
                kind=EvidenceKind.ATTACHMENT,
                source_key=f"ticket_attachment:{attachment.pk}",
                source_ref=item.reference,
                occurred_at=attachment.created_at,
                # A file sent with a message is that message's party's (the customer's files
                # come with their messages); one attached to the ticket itself is staff's.
                party=party_of.get(message.kind, Party.SYSTEM) if message else Party.STAFF,
                author_id=attachment.uploaded_by_id,
                author_name=attachment.uploaded_by.name if attachment.uploaded_by_id else "",
                file_name=attachment.file.name,
                filename=attachment.filename,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
                data={"message": attachment.message_id},
            )
        )
    return drafts


# --- calls (helpdesk.hotline) ------------------------------------------------------------------------


def call_drafts(item: WorkItem) -> list[Draft]:
    """The call as one piece of evidence: direction, numbers, times, talk time, notes."""
    from helpdesk.hotline.models import Call

    call = Call.objects.filter(item_id=item.pk).select_related("agent").first()
    if call is None:
        return []
    lines = [
        f"{call.get_direction_display()} {call.from_number or '-'} → {call.to_number or '-'}",
        f"{call.get_state_display()}"
        + (f", {call.get_outcome_display()}" if call.outcome else "")
        + (f", {call.talk_seconds} s" if call.talk_seconds is not None else ""),
    ]
    if call.notes:
        lines.append(call.notes)
    return [
        Draft(
            kind=EvidenceKind.CALL,
            source_key=f"call:{item.pk}",
            source_ref=item.reference,
            occurred_at=call.initiated_at,
            body="\n".join(lines),
            party=Party.STAFF if call.agent_id else Party.SYSTEM,
            author_id=call.agent_id,
            author_name=call.agent.name if call.agent_id else "",
            data={
                "direction": call.direction,
                "from_number": call.from_number,
                "to_number": call.to_number,
                "state": call.state,
                "answered_at": _iso(call.answered_at),
                "ended_at": _iso(call.ended_at),
                "talk_seconds": call.talk_seconds,
                "outcome": call.outcome,
            },
        )
    ]


# --- orders ----------------------------------------------------------------------------------------

# Order events a customer may know of (the supplier's side stays with the order handlers).
CUSTOMER_VISIBLE_ORDER_EVENTS = ("created", "refunded", "retry", "enquiry")


def order_drafts(order) -> list[Draft]:
    """The order as the customer knows it: product, account, amount, price paid, status, and the
    dates of what happened to it. No channel, no supplier answers."""
    events = [
        {"verb": e.verb, "at": _iso(e.created_at)}
        for e in order.events.filter(verb__in=CUSTOMER_VISIBLE_ORDER_EVENTS).order_by(
            "created_at", "id"
        )
    ]
    body = (
        f"{order.reference} · {order.product.name} · {order.account} · "
        f"{order.amount / 100:.2f} / {order.price / 100:.2f} · {order.get_status_display()}"
    )
    return [
        Draft(
            kind=EvidenceKind.ORDER,
            source_key=f"order:{order.pk}",
            source_ref=order.reference,
            occurred_at=order.created_at,
            body=body,
            party=Party.SYSTEM,
            data={
                "order": order.pk,
                "product": order.product.name,
                "account": order.account,
                "amount": order.amount,
                "price": order.price,
                "status": order.status,
                "finished_at": _iso(order.finished_at),
                "events": events,
            },
        )
    ]


def order_enquiry_items(order) -> list[WorkItem]:
    """The tickets in which the customer asked about the order."""
    return list(
        WorkItem.objects.filter(order_enquiry__order=order)
        .select_related("queue", "customer", "ticket")
        .order_by("created_at", "id")
    )


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def register_core_readers() -> None:
    register_evidence_reader(Kind.TICKET, ticket_drafts)
    if apps.is_installed("helpdesk.hotline"):
        register_evidence_reader(Kind.CALL, call_drafts)
