"""The incoming-call pop-up: who is calling, their open work, their recent orders.

The customer files shown are those whose phone numbers hold the caller's number exactly (E.164),
plus the file already linked to the call. Showing them is a read of each file, audited as
``read`` with ``{"view": "hotline.popup", "call": id}``; the caller's own number is what
authorises it (the agent is answering that customer), so the files are shown to the agent on the
extension even where the confidentiality rule would not let them search for them. Open work is
limited to the queues the agent sees (all of them for managers and supervisors, as on the
customer's timeline). Recent orders come from ``orders`` when it is installed (read through the
app registry: the core does not import it), for users with ``order.read``.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from helpdesk.accounts.rbac import Perm, user_has_perm
from helpdesk.customers.audit import client_ip
from helpdesk.customers.models import AuditAction, ContactKind, Customer, CustomerAuditEntry
from helpdesk.customers.selectors import may_open_any_file
from helpdesk.queues.models import UNRESOLVED_STATUSES, WorkItem
from helpdesk.queues.selectors import queue_ids_visible_to, with_list_joins

OPEN_ITEMS = 10
RECENT_ORDERS = 5
AUDIT_VIEW = "hotline.popup"


def _customer_ids(call) -> list[int]:
    ids = [c.pk for c in call.matched_customers.all()]
    if call.item.customer_id and call.item.customer_id not in ids:
        ids.insert(0, call.item.customer_id)
    return ids


def popup_audit(*, call, user, request=None, customer_ids: list[int] | None = None) -> None:
    """One ``read`` audit row per customer file the pop-up shows ``user`` (``customer_ids``
    when the caller knows them already)."""
    ids = customer_ids if customer_ids is not None else _customer_ids(call)
    if not ids:
        return
    ip = client_ip(request)
    CustomerAuditEntry.objects.bulk_create(
        [
            CustomerAuditEntry(
                actor=user,
                customer_id=pk,
                action=AuditAction.READ,
                detail={"view": AUDIT_VIEW, "call": call.pk},
                ip_address=ip,
            )
            for pk in ids
        ]
    )


def _customers(ids: list[int]) -> list[Customer]:
    if not ids:
        return []
    from helpdesk.customers.selectors import _primary_contact

    rows = Customer.objects.filter(pk__in=ids).annotate(
        primary_phone=_primary_contact(ContactKind.PHONE)
    )
    by_id = {c.pk: c for c in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _open_items(user, call, ids: list[int]) -> list[WorkItem]:
    if not ids:
        return []
    qs = WorkItem.objects.filter(customer_id__in=ids, status__in=UNRESOLVED_STATUSES).exclude(
        pk=call.pk
    )
    if not may_open_any_file(user):
        qs = qs.filter(queue_id__in=queue_ids_visible_to(user))
    return list(with_list_joins(qs).order_by("-created_at", "-id")[:OPEN_ITEMS])


def _recent_orders(user, call, ids: list[int]) -> list[dict]:
    if not apps.is_installed("orders") or not user_has_perm(user, Perm.ORDER_READ):
        return []
    order_model = apps.get_model("orders", "Order")
    cond = Q(customer_id__in=ids) if ids else Q(pk__in=[])
    if call.customer_number:
        cond |= Q(account=call.customer_number)  # recharges of the caller's own number
    rows = order_model.objects.filter(cond).select_related("product").order_by("-created_at", "-id")
    return [
        {
            "id": order.pk,
            "reference": order.reference,
            "status": order.status,
            "status_display": str(order.get_status_display()),
            "product": order.product.name,
            "account": order.account,
            "amount": order.amount,
            "customer": order.customer_id,
            "created_at": order.created_at,
        }
        for order in rows[:RECENT_ORDERS]
    ]


def popup_data(*, user, call=None, call_id: int | None = None) -> dict | None:
    """The pop-up of ``call`` (a row of ``selectors.call_rows``, or found by ``call_id``) for
    ``user``. Not audited here: callers audit, see :func:`popup_audit`."""
    from .selectors import call_rows
    from .serializers import PopupSerializer

    if call is None:
        call = call_rows().filter(pk=call_id).first()
    if call is None:
        return None
    ids = _customer_ids(call)
    return PopupSerializer(
        {
            "call": call,
            "customers": _customers(ids),
            "open_items": _open_items(user, call, ids),
            "recent_orders": _recent_orders(user, call, ids),
        }
    ).data
