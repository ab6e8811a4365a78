"""Reads of tickets, limited to what the user may see (404 for anything else)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from helpdesk.common.errors import NotFound
from helpdesk.queues.models import Kind, WorkItem, WorkItemLink
from helpdesk.queues.selectors import (
    inbox_for_user,
    queue_ids_visible_to,
    with_list_joins,
    workitems_visible_to,
)

from .models import Attachment, TicketMessage


def _tickets(qs: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    return qs.filter(kind=Kind.TICKET, ticket__isnull=False)


def tickets_for_user(user, *, filters: dict | None = None) -> QuerySet[WorkItem]:
    """Tickets the user may see, most urgent first (the inbox's order), one row per ticket."""
    filters = dict(filters or {})
    channels = filters.pop("channel", None)
    qs = _tickets(inbox_for_user(user, filters={**filters, "kind": [Kind.TICKET]}))
    if channels:
        qs = qs.filter(ticket__channel__in=channels)
    return qs.select_related("ticket")


def ticket_visible(user, ticket_id: int) -> None:
    """Raise NotFound unless the user may see the ticket (one cheap query)."""
    if not _tickets(workitems_visible_to(user)).filter(pk=ticket_id).exists():
        raise NotFound()


def ticket_get_for_user(user, ticket_id: int) -> WorkItem:
    """The ticket's work item with everything its detail shows prefetched; 404 when not visible."""
    visible_queues = queue_ids_visible_to(user)
    qs = (
        with_list_joins(_tickets(workitems_visible_to(user)))
        .select_related("ticket", "created_by")
        .prefetch_related(
            Prefetch(
                "ticket__messages",
                queryset=TicketMessage.objects.select_related("author")
                .prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=Attachment.objects.select_related("uploaded_by").order_by(
                            "created_at", "id"
                        ),
                    )
                )
                .order_by("created_at", "id"),
            ),
            Prefetch(
                "ticket__attachments",
                queryset=Attachment.objects.select_related("uploaded_by").order_by(
                    "created_at", "id"
                ),
            ),
            # Links only to items the user may see: a link must not leak another queue's work.
            Prefetch(
                "links_out",
                queryset=WorkItemLink.objects.filter(target__queue_id__in=visible_queues)
                .select_related("target")
                .order_by("created_at", "id"),
            ),
            Prefetch(
                "links_in",
                queryset=WorkItemLink.objects.filter(source__queue_id__in=visible_queues)
                .select_related("source")
                .order_by("created_at", "id"),
            ),
        )
    )
    item = qs.filter(pk=ticket_id).first()
    if item is None:
        raise NotFound()
    return item


def attachment_get_for_user(user, attachment_id: int) -> Attachment:
    """An attachment of a ticket the user may see; 404 otherwise."""
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            ticket__item__in=_tickets(workitems_visible_to(user)).values("pk"),
        )
        .only("id", "file", "filename", "content_type", "size", "ticket_id")
        .first()
    )
    if attachment is None:
        raise NotFound()
    return attachment


def ticket_row_for_user(user, ticket_id: int) -> WorkItem:
    """One ticket as a list row (the work item, its joins and the ticket detail row)."""
    item = (
        with_list_joins(_tickets(workitems_visible_to(user)))
        .select_related("ticket")
        .filter(pk=ticket_id)
        .first()
    )
    if item is None:
        raise NotFound()
    return item


def merge_target_id(ticket_id: int, *, max_hops: int = 10) -> int:
    """The ticket that now holds a merged ticket's thread (itself when it was never merged)."""
    from .models import Ticket

    current = ticket_id
    for _hop in range(max_hops):
        nxt = Ticket.objects.filter(pk=current).values_list("merged_into_id", flat=True).first()
        if nxt is None:
            return current
        current = nxt
    return current
