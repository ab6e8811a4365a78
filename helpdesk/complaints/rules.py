"""Checks and locks shared by the complaint services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import Kind, WorkItem
from helpdesk.queues.selectors import is_queue_lead, workitems_visible_to

from . import workflow
from .models import Complaint, RootCause, Stage


def complaint_visible(user, complaint_id: int) -> None:
    """Raise NotFound unless the user may see the complaint (one cheap query)."""
    visible = workitems_visible_to(user).filter(
        pk=complaint_id, kind=Kind.COMPLAINT, complaint__isnull=False
    )
    if not visible.exists():
        raise NotFound()


def lock_complaint(complaint_id: int) -> tuple[WorkItem, Complaint]:
    """Lock the complaint's work item, then its complaint row (always in that order)."""
    item = (
        WorkItem.objects.select_for_update()
        .filter(pk=complaint_id, kind=Kind.COMPLAINT)
        .select_related("queue")
        .first()
    )
    complaint = (
        Complaint.objects.select_for_update().filter(pk=complaint_id).first() if item else None
    )
    if item is None or complaint is None:
        raise NotFound()
    complaint.item = item
    return item, complaint


def is_handler(user, item: WorkItem) -> bool:
    """The complaint's assignee, anyone while it is unassigned, or a lead of its queue."""
    if item.assignee_id is None or item.assignee_id == user.pk:
        return True
    return is_queue_lead(user, item.queue_id)


def require_handler(user, item: WorkItem) -> None:
    if not is_handler(user, item):
        raise ServiceError(
            _("Only %(name)s, who handles this complaint, or a lead of its queue may do this.")
            % {"name": item.assignee},
            code="not_handler",
            status_code=403,
        )


def require_manager(user) -> None:
    if not user.has_role(Role.MANAGER):
        raise ServiceError(
            _("Only a manager approves or sends back a complaint's resolution."),
            code="manager_approval_required",
            status_code=403,
        )


def require_open(complaint: Complaint) -> None:
    if complaint.stage == Stage.CLOSED:
        raise ServiceError(
            _("This complaint is closed; an appeal reopens it."),
            code="complaint_closed",
            status_code=409,
        )


def require_editable(complaint: Complaint, *, what: str) -> None:
    """Findings and remedies change only before a resolution is proposed (or after it is sent
    back); once proposed they are what the manager approves."""
    if complaint.stage not in workflow.EDITABLE_STAGES:
        labels = dict(Stage.choices)
        raise ServiceError(
            _(
                "The %(what)s cannot change while the complaint is %(stage)s; they change while "
                "it is investigated or after a manager sent it back."
            )
            % {"what": what, "stage": labels.get(complaint.stage, complaint.stage)},
            code="resolution_locked",
            status_code=409,
        )


def staff_user(user_id: int, *, field: str):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ServiceError(
            _("Unknown member of staff."), code="invalid", fields={field: [_("Unknown user.")]}
        )
    return user


def supplier_channel(channel_id: int, *, field: str):
    from orders.models import SupplierChannel

    channel = SupplierChannel.objects.filter(pk=channel_id).first()
    if channel is None:
        raise ServiceError(
            _("Unknown supplier channel."),
            code="invalid",
            fields={field: [_("Unknown supplier channel.")]},
        )
    return channel


def customer_orders(customer_id: int | None, order_ids, *, field: str = "orders") -> list:
    """The orders, each of which must be the customer's (``400 order_not_customers``)."""
    from orders.models import Order

    ids = sorted({int(i) for i in order_ids})
    if not ids:
        return []
    orders = {o.pk: o for o in Order.objects.filter(pk__in=ids).select_related("product")}
    unknown = [i for i in ids if i not in orders]
    if unknown:
        raise ServiceError(
            _("Unknown order."),
            code="order_not_found",
            fields={field: [_("Unknown order: %(id)s.") % {"id": i} for i in unknown]},
        )
    foreign = [o for o in orders.values() if customer_id is None or o.customer_id != customer_id]
    if foreign:
        raise order_not_customers(foreign, field=field)
    return [orders[i] for i in ids]


def order_not_customers(orders, *, field: str) -> ServiceError:
    refs = ", ".join(o.reference for o in orders)
    message = _("Order %(refs)s is not this customer's.") % {"refs": refs}
    return ServiceError(message, code="order_not_customers", fields={field: [message]})


# What each root cause must name before a resolution is proposed.
ATTRIBUTION_REQUIRED: dict[str, str | None] = {
    RootCause.AGENT_CONDUCT: "attributed_agent",
    RootCause.SUPPLIER_CHANNEL: "attributed_channel",
    RootCause.PRODUCT: "attribution_note",
    RootCause.PROCESS: "attribution_note",
    RootCause.OTHER: "attribution_note",
    RootCause.CUSTOMER_MISUNDERSTANDING: None,
}


def require_findings(complaint: Complaint) -> None:
    """A root cause and its attribution (``root_cause_required`` / ``attribution_required``)."""
    if not complaint.root_cause:
        message = _("Record the root cause before proposing a resolution.")
        raise ServiceError(message, code="root_cause_required", fields={"root_cause": [message]})
    needed = ATTRIBUTION_REQUIRED.get(complaint.root_cause)
    if needed is None:
        return
    value = getattr(complaint, needed if needed == "attribution_note" else f"{needed}_id")
    if not (value.strip() if isinstance(value, str) else value):
        messages = {
            "attributed_agent": _("Name the agent this complaint is attributed to."),
            "attributed_channel": _("Name the supplier channel this complaint is attributed to."),
            "attribution_note": _("Name the process or product this complaint is attributed to."),
        }
        raise ServiceError(
            messages[needed], code="attribution_required", fields={needed: [messages[needed]]}
        )


def actions_for(user, complaint: Complaint) -> list[str]:
    """What ``user`` may do with the complaint now (for the detail's buttons). Uses the
    prefetched remedies."""
    from helpdesk.accounts.rbac import Perm, user_has_perm

    may_handle = user_has_perm(user, Perm.COMPLAINT_HANDLE)
    handler = may_handle and is_handler(user, complaint.item)
    manager = user_has_perm(user, Perm.COMPLAINT_APPROVE)
    pending = any(r.state == "proposed" for r in complaint.remedies.all())
    out = []
    for action in workflow.actions_from(complaint.stage):
        if action in workflow.MANAGER_ACTIONS and manager:
            out.append(action)
        elif action in workflow.HANDLER_ACTIONS and handler:
            if action == "close" and pending:
                continue
            out.append(action)
    if complaint.stage != Stage.CLOSED:
        if handler:
            out.append("edit")
            if complaint.stage in workflow.EDITABLE_STAGES:
                out.append("add_remedy")
        if may_handle:
            out.append("add_evidence")
    return out
