"""Reads of customer files, limited by the confidentiality rule. Reads are audited.

The rule (one place, used by every API and by other modules through
:func:`customer_get_for_user`):

* the user's roles must hold ``Perm.CUSTOMER_READ`` (``settings.CUSTOMER_FILE_READ_ROLES``);
* managers and supervisors may then open any file;
* anyone else only a file they are the custodian of, or whose customer has a work item in one of
  their queues.

A file outside the rule is "not found" (404), never "forbidden": its existence is not disclosed.
Every refused look-up writes a ``denied`` audit row.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from helpdesk.accounts.rbac import Perm, user_has_perm
from helpdesk.accounts.roles import LEADS
from helpdesk.common.errors import NotFound
from helpdesk.queues.models import WorkItem
from helpdesk.queues.selectors import queue_ids_visible_to, with_list_joins

from .audit import audit_record
from .models import AuditAction, ContactKind, Customer, CustomerAuditEntry, CustomerContact
from .phone import phone_query

# --- the rule --------------------------------------------------------------------------------


def may_open_any_file(user) -> bool:
    """Managers and supervisors (who may read customer files at all) may open every file."""
    return user_has_perm(user, Perm.CUSTOMER_READ) and bool(user.role_set & LEADS)


def customers_visible_to(user) -> QuerySet[Customer]:
    """The files ``user`` may open, as one SQL condition (no per-row checks)."""
    if not user_has_perm(user, Perm.CUSTOMER_READ):
        return Customer.objects.none()
    if user.role_set & LEADS:
        return Customer.objects.all()
    queue_ids = queue_ids_visible_to(user)
    cond = Q(custodian_id=user.pk)
    if queue_ids:
        cond |= Q(
            Exists(WorkItem.objects.filter(customer_id=OuterRef("pk"), queue_id__in=queue_ids))
        )
    return Customer.objects.filter(cond)


def customer_get_for_user(
    user,
    customer_id: int,
    *,
    audit: bool = True,
    request=None,
    detail: dict | None = None,
) -> Customer:
    """The file (custodian and contacts loaded) if ``user`` may open it; 404 otherwise.

    ``audit=True`` (every API read) writes a ``read`` row with ``detail``. ``audit=False`` is
    for internal look-ups by other services (attaching a customer to a ticket): the rule still
    applies, and a refusal is still written as ``denied``.
    """
    customer = (
        customers_visible_to(user)
        .select_related("custodian")
        .prefetch_related("contacts")
        .filter(pk=customer_id)
        .first()
    )
    if customer is None:
        exists = Customer.objects.filter(pk=customer_id).exists()
        audit_record(
            actor=user,
            action=AuditAction.DENIED,
            customer_id=customer_id if exists else None,
            detail={"customer_id": customer_id, **(detail or {})},
            request=request,
        )
        raise NotFound()
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            customer=customer,
            detail=detail or {"view": "detail"},
            request=request,
        )
    return customer


# --- search ----------------------------------------------------------------------------------


def _primary_contact(kind: str) -> Subquery:
    return Subquery(
        CustomerContact.objects.filter(customer_id=OuterRef("pk"), kind=kind)
        .order_by("-is_primary", "id")
        .values("value")[:1]
    )


def _phones(**lookup) -> Exists:
    return Exists(
        CustomerContact.objects.filter(customer_id=OuterRef("pk"), kind=ContactKind.PHONE, **lookup)
    )


def customers_matching(user, q: str = "") -> QuerySet[Customer]:
    """Files the user may open that match ``q``, best matches first (no audit: callers write it).

    ``q`` matches the name or company (contains, any case), an email address (exact, any case)
    or a phone number: the exact E.164 number first, then stored numbers ending with the digits,
    then numbers containing them. Each row carries ``primary_phone`` and ``primary_email``.
    """
    qs = customers_visible_to(user).annotate(
        primary_phone=_primary_contact(ContactKind.PHONE),
        primary_email=_primary_contact(ContactKind.EMAIL),
    )
    q = (q or "").strip()
    if not q:
        return qs.order_by("name", "id")

    exact: list = []
    suffix: list = []
    loose: list = [Q(name__icontains=q), Q(company__icontains=q)]
    if "@" in q:
        exact.append(
            Exists(
                CustomerContact.objects.filter(
                    customer_id=OuterRef("pk"), kind=ContactKind.EMAIL, value=q.lower()
                )
            )
        )
    phone = phone_query(q)
    if phone is not None:
        if phone.e164:
            exact.append(_phones(value=phone.e164))
        for fragment in phone.fragments:
            suffix.append(_phones(value__endswith=fragment))
            loose.append(_phones(value__contains=fragment))

    def any_of(conds: list) -> Q:
        out = Q(conds[0])
        for cond in conds[1:]:
            out |= Q(cond)
        return out

    whens = []
    if exact:
        whens.append(When(any_of(exact), then=Value(0)))
    if suffix:
        whens.append(When(any_of(suffix), then=Value(1)))
    rank = Case(*whens, default=Value(2), output_field=IntegerField())
    return (
        qs.filter(any_of(exact + loose))
        .annotate(match_rank=rank)
        .order_by("match_rank", "name", "id")
    )


def customer_search(user, *, q: str = "", request=None) -> QuerySet[Customer]:
    """:func:`customers_matching`, audited as one ``search`` row with the query text."""
    qs = customers_matching(user, q)
    audit_record(actor=user, action=AuditAction.SEARCH, detail={"q": q or ""}, request=request)
    return qs


# --- the timeline ----------------------------------------------------------------------------


def customer_workitems_for_user(user, customer: Customer) -> QuerySet[WorkItem]:
    """Every work item of the customer, newest first, list joins loaded.

    Managers and supervisors see items of every queue; anyone else only items of their queues.
    """
    qs = WorkItem.objects.filter(customer=customer)
    if not may_open_any_file(user):
        qs = qs.filter(queue_id__in=queue_ids_visible_to(user))
    return with_list_joins(qs).order_by("-created_at", "-id")


# --- the audit log ---------------------------------------------------------------------------


def audit_entries(*, filters: dict | None = None) -> QuerySet[CustomerAuditEntry]:
    """Audit rows, newest first, filtered by actor, customer, action and time."""
    filters = filters or {}
    qs = CustomerAuditEntry.objects.select_related("actor", "customer")
    if filters.get("actor"):
        qs = qs.filter(actor_id=filters["actor"])
    if filters.get("customer"):
        qs = qs.filter(customer_id=filters["customer"])
    if filters.get("action"):
        qs = qs.filter(action__in=filters["action"])
    if filters.get("since"):
        qs = qs.filter(created_at__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(created_at__lt=filters["until"])
    return qs.order_by("-created_at", "-id")
