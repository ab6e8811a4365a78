"""Writing the customer-file audit: who read, searched, exported or changed which file, from where.

Selectors call :func:`audit_record` for reads, searches and denials; services call it for writes.
"""

from __future__ import annotations

import ipaddress

from .models import AuditAction, Customer, CustomerAuditEntry

__all__ = ["AuditAction", "audit_record", "client_ip"]


def client_ip(request) -> str | None:
    """The client's address as the server saw it (``REMOTE_ADDR``).

    Behind a proxy, daphne must run with ``--proxy-headers`` so that ``REMOTE_ADDR`` is the
    client and not the proxy; a raw ``X-Forwarded-For`` is never trusted here, since any client
    can send one.
    """
    if request is None:
        return None
    raw = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def audit_record(
    *,
    actor,
    action: str,
    customer: Customer | None = None,
    customer_id: int | None = None,
    detail: dict | None = None,
    request=None,
) -> CustomerAuditEntry:
    """Write one audit row. ``customer_id`` may name a file without loading it."""
    if customer is not None:
        customer_id = customer.pk
    return CustomerAuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        customer_id=customer_id,
        action=action,
        detail=detail or {},
        ip_address=client_ip(request),
    )
