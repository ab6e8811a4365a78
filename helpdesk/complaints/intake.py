"""Opening complaints and gathering their evidence (notes, files, linked work and orders).

Each service is atomic, records an event on the work item (and a step for the opening), and
publishes the complaint's card after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Forbidden, NotFound, ServiceError
from helpdesk.queues.models import (
    Category,
    EventVerb,
    Kind,
    LinkKind,
    Queue,
    WorkItem,
    WorkItemLink,
)
from helpdesk.queues.selectors import workitem_get_for_user
from helpdesk.queues.services import event_record, workitem_create
from helpdesk.tickets.attachments import attachments_check

from . import evidence as sources
from . import notify, rules
from .models import (
    SEVERITY_PRIORITY,
    Action,
    Complaint,
    ComplaintStep,
    Evidence,
    EvidenceKind,
    Party,
    Severity,
    Stage,
)

# The kinds of work a complaint may be opened from (or linked to as evidence).
SOURCE_KINDS = (Kind.TICKET, Kind.CHAT, Kind.CALL, Kind.CALLBACK)
MAX_NOTE_LENGTH = 20_000


# --- opening -----------------------------------------------------------------------------------


def complaint_queue() -> Queue:
    queue = Queue.objects.filter(slug=settings.COMPLAINTS_QUEUE, is_active=True).first()
    if queue is None:
        raise ServiceError(
            _("No queue takes complaints (COMPLAINTS_QUEUE)."),
            code="no_complaint_queue",
            status_code=409,
        )
    return queue


def _source_item(actor, item_id: int) -> WorkItem:
    try:
        item = workitem_get_for_user(actor, item_id)
    except NotFound:
        raise ServiceError(
            _("Unknown work item."),
            code="source_not_found",
            fields={"source_item": [_("Not a work item you can see.")]},
        ) from None
    if item.kind not in SOURCE_KINDS:
        raise ServiceError(
            _("A complaint is opened from a ticket, a chat or a call."),
            code="source_kind",
            fields={"source_item": [_("Not a ticket, chat or call.")]},
        )
    return item


def _source_order(order_id: int):
    from orders.models import Order

    order = Order.objects.select_related("product", "customer").filter(pk=order_id).first()
    if order is None:
        raise ServiceError(
            _("Unknown order."),
            code="source_not_found",
            fields={"source_order": [_("Unknown order.")]},
        )
    return order


def _customer(actor, customer_id: int):
    from helpdesk.customers.selectors import customer_get_for_user

    try:
        return customer_get_for_user(actor, customer_id, audit=False)
    except (NotFound, Forbidden):
        raise ServiceError(
            _("Unknown customer."),
            code="customer_not_found",
            fields={"customer": [_("Unknown customer.")]},
        ) from None


def _category(category_id: int | None, queue: Queue) -> Category | None:
    if category_id is None:
        return None
    category = Category.objects.filter(pk=category_id, is_active=True).first()
    if category is None or category.queue_id not in (None, queue.pk):
        raise ServiceError(
            _("Unknown category."),
            code="category_not_in_queue",
            fields={"category": [_("Not a category of the complaints queue.")]},
        )
    return category


def complaint_open(
    *,
    actor,
    subject: str = "",
    description: str = "",
    severity: str = Severity.MEDIUM,
    category_id: int | None = None,
    customer_id: int | None = None,
    source_item_id: int | None = None,
    source_order_id: int | None = None,
    order_ids: Iterable[int] = (),
    complained_agent_id: int | None = None,
    complained_channel_id: int | None = None,
) -> Complaint:
    """Open a complaint in the complaints queue, directly or from a ticket, chat, call or order
    (the source linked and its messages copied as evidence), in one step.

    References are resolved before the write transaction opens (a refused customer look-up keeps
    its ``denied`` audit row)."""
    if source_item_id is not None and source_order_id is not None:
        message = _("Open a complaint from one source: a work item or an order.")
        raise ServiceError(
            message, code="one_source", fields={"source_item": [message], "source_order": [message]}
        )
    queue = complaint_queue()
    source_item = _source_item(actor, source_item_id) if source_item_id is not None else None
    source_order = _source_order(source_order_id) if source_order_id is not None else None
    customer = _customer(actor, customer_id) if customer_id is not None else None
    source_customer_id = (
        source_item.customer_id
        if source_item
        else source_order.customer_id
        if source_order
        else None
    )
    if customer is not None and source_customer_id and source_customer_id != customer.pk:
        message = _("The source belongs to another customer.")
        raise ServiceError(message, code="customer_mismatch", fields={"customer": [message]})
    if customer is None and source_customer_id:
        customer = source_item.customer if source_item else source_order.customer
    if customer is None:
        message = _("Say which customer complains (or open the complaint from their work).")
        raise ServiceError(message, code="customer_required", fields={"customer": [message]})
    description = (description or "").strip()
    subject = (subject or "").strip()
    if not subject:
        if source_item is not None:
            subject = _("Complaint about %(ref)s: %(subject)s") % {
                "ref": source_item.reference,
                "subject": source_item.subject,
            }
        elif source_order is not None:
            subject = _("Complaint about order %(ref)s") % {"ref": source_order.reference}
        else:
            message = _("Give the complaint a subject.")
            raise ServiceError(message, code="invalid", fields={"subject": [message]})
    if source_item is None and source_order is None and not description:
        message = _("Write down what the customer complains about.")
        raise ServiceError(message, code="description_required", fields={"description": [message]})
    category = _category(category_id, queue)
    order_ids = set(order_ids or ())
    if source_order is not None:
        order_ids.add(source_order.pk)
    orders = rules.customer_orders(customer.pk, order_ids)
    agent = (
        rules.staff_user(complained_agent_id, field="complained_agent")
        if complained_agent_id
        else None
    )
    channel = (
        rules.supplier_channel(complained_channel_id, field="complained_channel")
        if complained_channel_id
        else None
    )
    return _complaint_create(
        actor=actor,
        queue=queue,
        subject=subject[:255],
        description=description,
        severity=severity,
        category=category,
        customer=customer,
        source_item=source_item,
        source_order=source_order,
        orders=orders,
        agent=agent,
        channel=channel,
    )


@transaction.atomic
def _complaint_create(
    *,
    actor,
    queue,
    subject,
    description,
    severity,
    category,
    customer,
    source_item,
    source_order,
    orders,
    agent,
    channel,
) -> Complaint:
    if source_item is not None or source_order is not None:
        # One open complaint per source (a second click does not open a second one).
        same = {"source_item": source_item} if source_item is not None else {}
        same = same or {"source_order": source_order}
        existing = (
            Complaint.objects.filter(**same)
            .exclude(stage=Stage.CLOSED)
            .select_related("item")
            .first()
        )
        if existing is not None:
            raise ServiceError(
                _("%(ref)s is already open about this.") % {"ref": existing.item.reference},
                code="complaint_exists",
                status_code=409,
                fields={"complaint": [str(existing.pk)]},
            )
    source = (
        {"source_item": source_item.pk, "source_kind": source_item.kind}
        if source_item
        else {"source_order": source_order.pk}
        if source_order
        else {}
    )
    item = workitem_create(
        kind=Kind.COMPLAINT,
        queue=queue,
        subject=subject,
        created_by=actor,
        customer=customer,
        priority=SEVERITY_PRIORITY[severity],
        category=category,
        data={"severity": severity, **source},
    )
    complaint = Complaint.objects.create(
        item=item,
        severity=severity,
        complained_agent=agent,
        complained_channel=channel,
        source_item=source_item,
        source_order=source_order,
    )
    complaint.item = item
    if orders:
        complaint.orders.set(orders)
    ComplaintStep.objects.create(
        complaint=complaint,
        action=Action.OPENED,
        to_stage=Stage.RECEIVED,
        actor=actor,
        data={**source, "orders": [o.pk for o in orders]},
    )
    if description:
        Evidence.objects.create(
            complaint=complaint,
            kind=EvidenceKind.STATEMENT,
            party=Party.CUSTOMER,
            author_name=customer.name,
            body=description,
            occurred_at=timezone.now(),
            added_by=actor,
        )
    if source_item is not None:
        _link_item(complaint, source_item, actor=actor)
    if source_order is not None:
        _link_order(complaint, source_order, actor=actor)
    for order in orders:
        if source_order is None or order.pk != source_order.pk:
            sources.store_drafts(
                complaint, sources.order_drafts(order), added_by=actor, source_order=order
            )
    notify.complaint_publish(complaint.pk, "complaint.created")
    return complaint


def _link_item(complaint: Complaint, other: WorkItem, *, actor) -> list[Evidence]:
    """Link the work item to the complaint (both histories say so) and copy its evidence."""
    item = complaint.item
    if not WorkItemLink.objects.filter(source=item, target=other).exists():
        WorkItemLink.objects.create(
            source=item, target=other, kind=LinkKind.RELATES, created_by=actor
        )
        for one, two, direction in ((item, other, "out"), (other, item, "in")):
            event_record(
                item=one,
                actor=actor,
                verb=EventVerb.LINKED,
                data={"other": two.pk, "kind": LinkKind.RELATES, "direction": direction},
            )
    return sources.store_drafts(
        complaint, sources.drafts_for_item(other), added_by=actor, source_item=other
    )


def _link_order(complaint: Complaint, order, *, actor) -> list[Evidence]:
    """The order and the customer's enquiries about it (their messages) as evidence."""
    stored = sources.store_drafts(
        complaint, sources.order_drafts(order), added_by=actor, source_order=order
    )
    for enquiry in sources.order_enquiry_items(order):
        stored += _link_item(complaint, enquiry, actor=actor)
    event_record(
        item=complaint.item,
        actor=actor,
        verb=EventVerb.LINKED,
        data={"order": order.pk, "reference": order.reference},
    )
    return stored


# --- evidence ------------------------------------------------------------------------------------


def _linkable_item(actor, complaint: Complaint, item_id: int) -> WorkItem:
    """A work item the actor sees, or any work of the complaint's customer (the handler
    investigates that customer's dispute, whichever queue their contacts went to)."""
    item = (
        WorkItem.objects.select_related("queue", "customer")
        .filter(pk=item_id, kind__in=SOURCE_KINDS)
        .first()
    )
    if (
        item is not None
        and complaint.item.customer_id
        and item.customer_id == complaint.item.customer_id
    ):
        return item
    try:
        return _source_item(actor, item_id)
    except ServiceError as error:
        error.fields = {"item": error.fields.get("source_item", [])}
        raise


@transaction.atomic
def complaint_link(
    *, actor, complaint_id: int, item_id: int | None = None, order_id: int | None = None
) -> list[Evidence]:
    """Link more work (a ticket, chat or call: its messages as evidence) or an order of the
    customer's. ``409 already_linked`` when everything it holds is already there."""
    rules.complaint_visible(actor, complaint_id)
    if (item_id is None) == (order_id is None):
        message = _("Link one work item or one order.")
        raise ServiceError(message, code="invalid", fields={"item": [message], "order": [message]})
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_open(complaint)
    if item_id is not None:
        if item_id == item.pk:
            raise ServiceError(_("A complaint cannot be linked to itself."), code="link_self")
        other = _linkable_item(actor, complaint, item_id)
        already = WorkItemLink.objects.filter(source=item, target=other).exists()
        stored = _link_item(complaint, other, actor=actor)
    else:
        (order,) = rules.customer_orders(item.customer_id, [order_id], field="order")
        already = complaint.orders.filter(pk=order.pk).exists()
        complaint.orders.add(order)
        stored = [] if already else _link_order(complaint, order, actor=actor)
    if already and not stored:
        raise ServiceError(
            _("This is already linked to the complaint."), code="already_linked", status_code=409
        )
    _touch(item)
    notify.complaint_publish(complaint.pk)
    return stored


@transaction.atomic
def complaint_note(*, actor, complaint_id: int, body: str) -> Evidence:
    """An investigation note (staff only; the customer never sees notes)."""
    rules.complaint_visible(actor, complaint_id)
    text = (body or "").strip()
    if not text:
        message = _("Write the note.")
        raise ServiceError(message, code="body_required", fields={"body": [message]})
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_open(complaint)
    note = Evidence.objects.create(
        complaint=complaint,
        kind=EvidenceKind.NOTE,
        party=Party.STAFF,
        author=actor,
        author_name=actor.name,
        body=text[:MAX_NOTE_LENGTH],
        occurred_at=timezone.now(),
        added_by=actor,
    )
    event_record(item=item, actor=actor, verb=EventVerb.NOTED, data={"evidence": note.pk})
    _touch(item)
    notify.complaint_publish(complaint.pk)
    return note


def complaint_attach(
    *, actor, complaint_id: int, attachments: Iterable, note: str = ""
) -> list[Evidence]:
    """Files as evidence, under the project's attachment limits (type, size, count); every file
    is checked before anything is written, and a failure leaves no file behind."""
    rules.complaint_visible(actor, complaint_id)
    files = attachments_check(attachments)
    if not files:
        raise ServiceError(
            _("Choose at least one file."),
            code="attachments_required",
            fields={"attachments": [_("This field is required.")]},
        )
    written: list[str] = []
    try:
        return _attach(
            actor=actor, complaint_id=complaint_id, files=files, note=note, written=written
        )
    except BaseException:
        for name in written:
            with suppress(OSError):  # best effort; the error that matters is re-raised
                default_storage.delete(name)
        raise


@transaction.atomic
def _attach(*, actor, complaint_id: int, files, note: str, written: list[str]) -> list[Evidence]:
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_open(complaint)
    now = timezone.now()
    stored = []
    for checked in files:
        row = Evidence(
            complaint=complaint,
            kind=EvidenceKind.ATTACHMENT,
            party=Party.STAFF,
            author=actor,
            author_name=actor.name,
            body=(note or "").strip()[:MAX_NOTE_LENGTH],
            occurred_at=now,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            added_by=actor,
        )
        row.file.save(checked.filename, checked.upload, save=False)
        written.append(row.file.name)
        row.save()
        stored.append(row)
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.ATTACHED,
        data={"evidence": [e.pk for e in stored], "files": [e.filename for e in stored]},
    )
    _touch(item)
    notify.complaint_publish(complaint.pk)
    return stored


def _touch(item: WorkItem) -> None:
    item.save(update_fields=["updated_at"])
