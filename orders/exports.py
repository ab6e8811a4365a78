"""The daily channel report as CSV or XLSX (``?output=csv|xlsx``), through
``helpdesk.reports.exports``.

Who may export: whoever reads the report (``order.handle``: managers, supervisors and order
handlers), since reporting each channel's recharge status is the order handler's duty
(docs/orders.md). The rows are the JSON rows; the failures by category are one text cell and the
balance is in yuan.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.accounts.rbac import Perm
from helpdesk.reports.exports import Column, table_response

from .models import Category

PERM = Perm.ORDER_HANDLE

COLUMNS = [
    Column("channel", gettext_lazy("Channel"), width=20),
    Column("sent", gettext_lazy("Sent"), "int"),
    Column("succeeded", gettext_lazy("Succeeded"), "int"),
    Column("failed", gettext_lazy("Failed"), "int"),
    Column("success_rate", gettext_lazy("Success rate"), "percent"),
    Column("latency_p50_ms", gettext_lazy("Latency p50 (ms)"), "int"),
    Column("latency_p95_ms", gettext_lazy("Latency p95 (ms)"), "int"),
    Column("errors", gettext_lazy("Failures by cause"), width=40),
    Column("incidents", gettext_lazy("Incidents"), "int"),
    Column("balance_yuan", gettext_lazy("Balance (yuan)"), "number"),
]


def export_rows(rows: list[dict]) -> list[dict]:
    """The report's rows as the file shows them."""
    causes = dict(Category.choices)
    return [
        {
            **row,
            "errors": "; ".join(
                f"{causes.get(key, key)}: {n}" for key, n in sorted(row["errors"].items())
            ),
            "balance_yuan": row["balance"] / 100 if row["balance"] is not None else None,
        }
        for row in rows
    ]


def report_file(request, *, rows: list[dict], day: date, output: str):
    return table_response(
        request,
        report="channels",
        title=_("Channel report %(day)s") % {"day": day.isoformat()},
        columns=COLUMNS,
        rows=export_rows(rows),
        output=output,
        params={"day": day},
        perm=PERM,
    )
