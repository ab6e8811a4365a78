"""Merging one ticket into another."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import EventVerb, LinkKind, WorkItem, WorkItemLink
from helpdesk.queues.services import event_record, item_publish, workitem_set_status
from helpdesk.realtime.groups import item_group
from helpdesk.realtime.publish import publish_on_commit

from . import lifecycle
from .models import Attachment, MessageKind, TicketMessage
from .rules import lock_ticket, require_not_closed, require_not_merged, touch
from .selectors import ticket_visible


@transaction.atomic
def ticket_merge(*, ticket_id: int, into_id: int, actor, reason: str = "") -> WorkItem:
    """Merge a ticket into another: its messages and attachments move to the target, the two are
    linked (source duplicates target), and the source is closed with ``merged_into`` set."""
    ticket_visible(actor, ticket_id)
    if into_id == ticket_id:
        raise ServiceError(
            _("A ticket cannot be merged into itself."),
            code="merge_self",
            fields={"into": [_("Choose another ticket.")]},
        )
    try:
        ticket_visible(actor, into_id)
    except NotFound:
        raise ServiceError(
            _("Unknown ticket."),
            code="merge_target_not_found",
            fields={"into": [_("Unknown ticket.")]},
        ) from None
    reason = (reason or "").strip()
    locked = {pk: lock_ticket(pk) for pk in sorted((ticket_id, into_id))}  # fixed order: by pk
    source_item, source = locked[ticket_id]
    target_item, target = locked[into_id]
    require_not_merged(source)
    require_not_closed(source_item)
    if target_item.status == lifecycle.CLOSED:
        raise ServiceError(
            _("%(ref)s is closed; a ticket can only be merged into an open one.")
            % {"ref": target_item.reference},
            code="merge_target_closed",
            status_code=409,
            fields={"into": [_("This ticket is closed.")]},
        )

    moved_messages = TicketMessage.objects.filter(ticket=source).update(ticket=target)
    moved_files = Attachment.objects.filter(ticket=source).update(ticket=target)
    why = ("\n" + _("Reason: %(reason)s") % {"reason": reason}) if reason else ""
    TicketMessage.objects.create(
        ticket=target,
        kind=MessageKind.INTERNAL,
        author=actor,
        body=_("%(ref)s (%(subject)s) was merged into this ticket.")
        % {"ref": source_item.reference, "subject": source_item.subject}
        + why,
    )
    TicketMessage.objects.create(
        ticket=source,
        kind=MessageKind.INTERNAL,
        author=actor,
        body=_("This ticket was merged into %(ref)s.") % {"ref": target_item.reference} + why,
    )
    WorkItemLink.objects.update_or_create(
        source=source_item,
        target=target_item,
        defaults={"kind": LinkKind.DUPLICATES},
        create_defaults={"kind": LinkKind.DUPLICATES, "created_by": actor},
    )
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    counts = {"messages": moved_messages, "attachments": moved_files}
    event_record(
        item=source_item,
        actor=actor,
        verb=EventVerb.MERGED,
        data={"into": target_item.pk, **counts},
        reason=reason,
    )
    event_record(
        item=target_item,
        actor=actor,
        verb=EventVerb.MERGED,
        data={"from": source_item.pk, **counts},
        reason=reason,
    )
    workitem_set_status(
        item=source_item,
        actor=actor,
        status=lifecycle.CLOSED,
        reason=reason,
        data={"merged_into": target_item.pk},
    )
    touch(target_item)
    item_publish(target_item)
    publish_on_commit(
        [item_group(source_item.pk), item_group(target_item.pk)],
        "ticket.merged",
        {"id": source_item.pk, "into": target_item.pk},
    )
    return target_item
