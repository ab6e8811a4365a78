"""Checks and locks shared by the ticket services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import Kind, WorkItem

from . import lifecycle
from .models import Ticket


def lock_ticket(ticket_id: int) -> tuple[WorkItem, Ticket]:
    """Lock the ticket's work item, then its ticket row (always in that order)."""
    item = WorkItem.objects.select_for_update().filter(pk=ticket_id, kind=Kind.TICKET).first()
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first() if item else None
    if item is None or ticket is None:
        raise NotFound()
    ticket.item = item
    return item, ticket


def require_not_merged(ticket: Ticket) -> None:
    if ticket.merged_into_id:
        raise ServiceError(
            _("This ticket was merged into %(ref)s; work on that ticket instead.")
            % {"ref": ticket.merged_into.item.reference},
            code="ticket_merged",
            status_code=409,
            fields={"merged_into": [str(ticket.merged_into_id)]},
        )


def require_not_closed(item: WorkItem) -> None:
    if item.status == lifecycle.CLOSED:
        raise ServiceError(
            _("This ticket is closed. Open a new ticket instead."),
            code="ticket_closed",
            status_code=409,
        )


def touch(item: WorkItem) -> None:
    item.save(update_fields=["updated_at"])
