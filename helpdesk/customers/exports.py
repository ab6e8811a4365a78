"""Exports of customer files: one file as JSON, many as a streamed CSV. Each writes an audit row.

The audit row is written before any data leaves the server: if it cannot be written, nothing is
exported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from .audit import audit_record
from .models import AuditAction, ContactKind, CustomerContact
from .selectors import customer_get_for_user, customer_workitems_for_user, customers_matching
from .serializers import CustomerExportSerializer

CSV_CHUNK_SIZE = 500
CSV_COLUMNS = [
    "id",
    "name",
    "company",
    "website",
    "credit_standing",
    "custodian",
    "phones",
    "emails",
    "created_at",
    "updated_at",
]
# Spreadsheets run cells that start with these as formulas; such cells are prefixed with "'".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...except phone numbers in E.164, which start with "+" and are safe.
_PHONE_LIST = re.compile(r"^\+\d+(; \+\d+)*$")


def customer_export(user, customer_id: int, *, request=None) -> dict:
    """The whole file (customer, contacts, work items the user may see), audited as ``export``."""
    customer = customer_get_for_user(
        user, customer_id, audit=False, request=request, detail={"view": "export"}
    )
    items = list(customer_workitems_for_user(user, customer))
    data = CustomerExportSerializer(
        {"exported_at": timezone.now(), "customer": customer, "work_items": items}
    ).data
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        customer=customer,
        detail={"format": "json", "work_items": len(items)},
        request=request,
    )
    return data


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PHONE_LIST.match(text):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose ``write`` hands the line back, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def customers_export_csv(user, *, q: str = "", request=None) -> tuple[Iterator[str], int]:
    """Lines of a CSV of every file the user may open matching ``q``, and how many rows.

    One ``export`` audit row records the query and the count. Rows are read in chunks of
    ``CSV_CHUNK_SIZE`` (two queries a chunk), so memory stays flat however many files match.
    """
    qs = customers_matching(user, q).select_related("custodian")
    count = qs.count()
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        detail={"format": "csv", "q": q or "", "count": count},
        request=request,
    )
    qs = qs.prefetch_related(
        Prefetch("contacts", queryset=CustomerContact.objects.order_by("-is_primary", "id"))
    )

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        # A byte-order mark, so that spreadsheet programs read the UTF-8 (Chinese names) right.
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for customer in qs.iterator(chunk_size=CSV_CHUNK_SIZE):
            contacts = list(customer.contacts.all())
            phones = "; ".join(c.value for c in contacts if c.kind == ContactKind.PHONE)
            emails = "; ".join(c.value for c in contacts if c.kind == ContactKind.EMAIL)
            row = [
                customer.pk,
                customer.name,
                customer.company,
                customer.website,
                customer.credit_standing,
                customer.custodian.username if customer.custodian else "",
                phones,
                emails,
                timezone.localtime(customer.created_at).isoformat(),
                timezone.localtime(customer.updated_at).isoformat(),
            ]
            yield writer.writerow([safe_cell(v) for v in row])

    return lines(), count
