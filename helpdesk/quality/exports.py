"""The ledger and the ranking as CSV or XLSX (``?output=``), through ``helpdesk.reports.exports``:
the same rows as the JSON, checked (``report.export``) and recorded."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.reports.exports import Column, table_response

from .ledger import Period

LEDGER_COLUMNS = [
    Column("name", gettext_lazy("Agent"), width=20),
    Column("username", gettext_lazy("Username"), width=14),
    Column("items", gettext_lazy("Items"), "int"),
    Column("points", gettext_lazy("Points"), "number"),
    Column("base", gettext_lazy("Base"), "number"),
    Column("above_base", gettext_lazy("Above base"), "number"),
    Column("confirmed", gettext_lazy("Confirmed"), "int"),
    Column("praise", gettext_lazy("Praise"), "int"),
    Column("complaints", gettext_lazy("Complaints"), "int"),
    Column("repeats", gettext_lazy("Repeat contacts"), "int"),
    Column("reviews", gettext_lazy("Reviews"), "int"),
    Column("review_score", gettext_lazy("Review score"), "number"),
]
SUMMED = (
    "items",
    "points",
    "above_base",
    "confirmed",
    "praise",
    "complaints",
    "repeats",
    "reviews",
)


def _flat(rows: list[dict]) -> list[dict]:
    return [
        {
            **r,
            "name": r["agent"].name,
            "username": r["agent"].username,
        }
        for r in rows
    ]


def _totals(rows: list[dict]) -> dict:
    totals = {key: sum((r[key] for r in rows), Decimal(0)) for key in SUMMED}
    return {**totals, "name": _("Total")}


def ledger_file(request, *, period: Period, rows: list[dict], output: str):
    return table_response(
        request,
        report="quality-ledger",
        title=_("Performance ledger %(month)s") % {"month": period.label},
        columns=LEDGER_COLUMNS,
        rows=_flat(rows),
        output=output,
        totals=_totals(rows),
        params={"month": period.label},
    )


def ranking_file(request, *, period: Period, rows: list[dict], output: str):
    return table_response(
        request,
        report="quality-ranking",
        title=_("Quarterly ranking %(quarter)s") % {"quarter": period.label},
        columns=[Column("rank", gettext_lazy("Rank"), "int"), *LEDGER_COLUMNS],
        rows=_flat(rows),
        output=output,
        params={"quarter": period.label},
    )
