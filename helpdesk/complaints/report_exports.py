"""The complaint reports as CSV or XLSX (``?output=csv|xlsx``), through ``helpdesk.reports.exports``.

Who may export: whoever may read the reports (``complaint.report``: managers, supervisors and
complaint handlers), so the files carry the same rows the page shows (docs/complaints.md).

* trends: a row per series (root cause, channel, agent or category), a column per period, the
  series total; the totals row adds up each period.
* repeat complainants: a row per customer.
* the daily summary: CSV is one table (section, item, count, note) of everything the summary
  holds; XLSX is a workbook with a sheet per part (figures, top categories, themes, breaches,
  repeat complainants). A past day is exported as it was sent.
"""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.accounts.rbac import Perm
from helpdesk.reports.exports import Column, Sheet, sheets_response, table_response

from .models import Severity, Stage

PERM = Perm.COMPLAINT_REPORT


# --- trends ----------------------------------------------------------------------------------------


def trend_columns(periods) -> list[Column]:
    return [
        Column("label", gettext_lazy("Series"), width=28),
        Column("key", gettext_lazy("Key")),
        *[Column(f"p{i}", str(p), "int") for i, p in enumerate(periods)],
        Column("total", gettext_lazy("Total"), "int"),
    ]


def trend_rows(data: dict) -> tuple[list[dict], dict]:
    """``data`` is the serialized trends (what the JSON answer holds)."""
    rows = []
    for series in data["series"]:
        row = {"label": series["label"], "key": series["key"], "total": series["total"]}
        for i, point in enumerate(series["points"]):
            row[f"p{i}"] = point["count"]
        rows.append(row)
    totals = {"label": _("Total"), "total": sum(r["total"] for r in rows)}
    for i in range(len(data["periods"])):
        totals[f"p{i}"] = sum(r.get(f"p{i}", 0) for r in rows)
    return rows, totals


def trends_file(request, *, data: dict, output: str):
    rows, totals = trend_rows(data)
    return table_response(
        request,
        report="complaint-trends",
        title=_("Complaint trends"),
        columns=trend_columns(data["periods"]),
        rows=rows,
        totals=totals,
        output=output,
        params={
            "by": data["by"],
            "bucket": data["bucket"],
            "since": data["since"],
            "until": data["until"],
        },
        perm=PERM,
    )


# --- repeat complainants -------------------------------------------------------------------------

REPEAT_COLUMNS = [
    Column("customer_id", gettext_lazy("Customer ID"), "int"),
    Column("customer", gettext_lazy("Customer"), width=24),
    Column("complaints", gettext_lazy("Complaints"), "int"),
    Column("open", gettext_lazy("Open"), "int"),
    Column("last_at", gettext_lazy("Last complaint"), "datetime", width=18),
]


def repeat_rows(data: list[dict]) -> list[dict]:
    return [
        {
            "customer_id": r["customer"]["id"],
            "customer": r["customer"]["name"],
            "complaints": r["complaints"],
            "open": r["open"],
            "last_at": _when(r["last_at"]),
        }
        for r in data
    ]


def repeat_file(request, *, data: list[dict], output: str, days: int, minimum: int):
    return table_response(
        request,
        report="repeat-complainants",
        title=_("Repeat complainants"),
        columns=REPEAT_COLUMNS,
        rows=repeat_rows(data),
        output=output,
        params={"days": days, "min": minimum},
        perm=PERM,
    )


# --- the daily summary ---------------------------------------------------------------------------

SUMMARY_COLUMNS = [
    Column("section", gettext_lazy("Section"), width=22),
    Column("item", gettext_lazy("Item"), width=36),
    Column("count", gettext_lazy("Count"), "int"),
    Column("note", gettext_lazy("Note"), width=36),
]
FIGURE_COLUMNS = [
    Column("item", gettext_lazy("Figure"), width=36),
    SUMMARY_COLUMNS[2],
    SUMMARY_COLUMNS[3],
]
COUNT_COLUMNS = [Column("item", gettext_lazy("Category"), width=30), SUMMARY_COLUMNS[2]]
THEME_COLUMNS = [
    Column("kind", gettext_lazy("Theme"), width=12),
    Column("dimension", gettext_lazy("Dimension"), width=18),
    Column("item", gettext_lazy("Name"), width=30),
    SUMMARY_COLUMNS[2],
    Column("previous", gettext_lazy("Previous daily average"), "number"),
]
BREACH_COLUMNS = [
    Column("reference", gettext_lazy("Reference"), width=18),
    Column("subject", gettext_lazy("Subject"), width=36),
    Column("stage", gettext_lazy("Stage"), width=18),
    Column("severity", gettext_lazy("Severity")),
    Column("assignee", gettext_lazy("Assignee"), width=18),
    Column("due_at", gettext_lazy("Due"), "datetime", width=18),
]


def _when(value):
    return parse_datetime(value) if isinstance(value, str) else value


def _dimension(key: str) -> str:
    names = {
        "category": _("Category"),
        "root_cause": _("Root cause"),
        "channel": _("Supplier channel"),
    }
    return str(names.get(key, key))


def summary_parts(summary: dict) -> dict[str, list[dict]]:
    """The summary (as serialized, live or stored) cut into its tables."""
    stages = dict(Stage.choices)
    severities = dict(Severity.choices)
    remedies = summary["remedies_approved"]
    figures = [
        {"item": _("Received"), "count": summary["received"]},
        {"item": _("Closed"), "count": summary["closed"]},
        {"item": _("Open"), "count": summary["open"]},
        *[
            {"item": _("Open: %(stage)s") % {"stage": stages.get(stage, stage)}, "count": n}
            for stage, n in summary["open_by_stage"].items()
        ],
        {"item": _("Waiting for a manager"), "count": summary["awaiting_manager"]},
        {"item": _("Breaching their SLA now"), "count": summary["open_breaches"]["count"]},
        {
            "item": _("Remedies approved"),
            "count": remedies["count"],
            "note": _("%(amount).2f yuan") % {"amount": remedies["amount_fen"] / 100},
        },
    ]
    themes = [
        {
            "kind": kind,
            "dimension": _dimension(t["dimension"]),
            "item": t["label"],
            "count": t["count"],
            "previous": t.get("previous_daily_average"),
        }
        for kind, key in ((_("New"), "new_themes"), (_("Rising"), "rising_themes"))
        for t in summary[key]
    ]
    breaches = [
        {
            "reference": b["reference"],
            "subject": b["subject"],
            "stage": str(stages.get(b["stage"], b["stage"])),
            "severity": str(severities.get(b["severity"], b["severity"])),
            "assignee": b["assignee"],
            "due_at": _when(b["due_at"]),
        }
        for b in summary["open_breaches"]["items"]
    ]
    return {
        "figures": figures,
        "top_categories": [
            {"item": c["label"], "count": c["count"]} for c in summary["top_categories"]
        ],
        "themes": themes,
        "breaches": breaches,
        "repeaters": repeat_rows(summary["repeat_complainants"]),
    }


def summary_rows(summary: dict) -> list[dict]:
    """Every part of the summary as one table (section, item, count, note): the CSV."""
    parts = summary_parts(summary)
    rows = [{"section": _("Figures"), **f} for f in parts["figures"]]
    rows += [{"section": _("Top categories"), **c} for c in parts["top_categories"]]
    for t in parts["themes"]:
        note = ""
        if t["previous"] is not None:
            note = _("previous daily average %(n)s") % {"n": t["previous"]}
        rows.append(
            {
                "section": _("%(kind)s themes") % {"kind": t["kind"]},
                "item": f"{t['item']} ({t['dimension']})",
                "count": t["count"],
                "note": note,
            }
        )
    for b in parts["breaches"]:
        due = b["due_at"].isoformat(sep=" ", timespec="minutes") if b["due_at"] else ""
        rows.append(
            {
                "section": _("Breaching their SLA now"),
                "item": f"{b['reference']} {b['subject']}",
                "note": _("%(stage)s, due %(due)s, %(who)s")
                % {"stage": b["stage"], "due": due, "who": b["assignee"] or _("unassigned")},
            }
        )
    for r in parts["repeaters"]:
        rows.append(
            {
                "section": _("Repeat complainants"),
                "item": r["customer"],
                "count": r["complaints"],
                "note": _("%(n)d open") % {"n": r["open"]},
            }
        )
    return rows


def summary_file(request, *, summary: dict, output: str):
    title = _("Complaints of %(day)s") % {"day": summary["day"]}
    params = {"day": summary["day"]}
    if output == "xlsx":
        parts = summary_parts(summary)
        return sheets_response(
            request,
            report="complaint-summary",
            title=title,
            sheets=[
                Sheet(_("Figures"), FIGURE_COLUMNS, parts["figures"]),
                Sheet(_("Top categories"), COUNT_COLUMNS, parts["top_categories"]),
                Sheet(_("Themes"), THEME_COLUMNS, parts["themes"]),
                Sheet(_("Breaching their SLA now"), BREACH_COLUMNS, parts["breaches"]),
                Sheet(_("Repeat complainants"), REPEAT_COLUMNS, parts["repeaters"]),
            ],
            params=params,
            perm=PERM,
        )
    return table_response(
        request,
        report="complaint-summary",
        title=title,
        columns=SUMMARY_COLUMNS,
        rows=summary_rows(summary),
        output=output,
        params=params,
        perm=PERM,
    )
