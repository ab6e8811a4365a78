"""The manager's monthly report (docs/reports.md, "Monthly report"): the month's service figures
against the previous month, by queue, kind and agent (with the ledger's points and rank),
satisfaction, SLA attainment by target, complaints by root cause and the top categories."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.queues.models import Category, WorkItem
from helpdesk.sla.models import ClockKind, SlaClock

from . import hooks
from .exports import Column
from .periods import Span, previous_month
from .service import COLUMNS as SERVICE_COLUMNS
from .service import (
    FIGURES,
    NONE_KEY,
    Filters,
    backlog_groups,
    service_report,
    service_totals,
    ungrouped,
)

TOP_CATEGORIES = 10
RATES = ("sla_attainment", "abandonment_rate", "satisfaction_rate")


def _change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 4)


def monthly_report(month: Span) -> dict:
    from helpdesk.complaints.models import Complaint, RootCause
    from helpdesk.quality import ledger
    from helpdesk.quality.models import Rating

    before = previous_month(month)
    # The month's ungrouped percentiles once for the three groupings; of the previous month only
    # the totals (decision 0017).
    shared = ungrouped(month, bys=("queue", "kind", "agent"))  # one query from roll-ups
    # and the open items at the month's end once, per queue, kind, agent and category (0022)
    backlog = backlog_groups(month)
    by_queue = service_report(month, by="queue", shared=shared, backlog=backlog)
    by_kind = service_report(month, by="kind", shared=shared, backlog=backlog)
    by_agent = service_report(month, by="agent", shared=shared, backlog=backlog)
    previous = service_totals(before)
    current = by_queue["totals"]
    totals = [
        {
            "figure": name,
            "current": current[name],
            "previous": previous[name],
            "change": _change(current[name], previous[name]),
        }
        for name in FIGURES
    ]

    period = ledger.Period(month.first.strftime("%Y-%m"), month.start, month.end, 1)
    ranked = {r["agent"].pk: r for r in ledger.ranking(period)}
    agents = []
    for row in by_agent["rows"]:
        entry = ranked.get(int(row["key"])) if row["key"] != NONE_KEY else None
        agents.append(
            {
                **row,
                "points": float(entry["points"]) if entry else None,
                "above_base": float(entry["above_base"]) if entry else None,
                "rank": entry["rank"] if entry else None,
            }
        )

    live = Filters().q("item__")
    ratings = Rating.objects.filter(live, created_at__gte=month.start, created_at__lt=month.end)
    distribution = {n: 0 for n in range(1, 6)}
    for row in ratings.values("score").annotate(n=Count("id")).order_by():
        distribution[row["score"]] = row["n"]
    count = sum(distribution.values())
    satisfaction = {
        "ratings": count,
        "average": round(sum(s * n for s, n in distribution.items()) / count, 2) if count else None,
        "satisfaction_rate": current["satisfaction_rate"],
        "distribution": [{"score": s, "count": n} for s, n in distribution.items()],
        "survey": hooks.survey_summary(month),
    }

    met = Q(state="met", breached_at__isnull=True, stopped_at__gte=month.start) & Q(
        stopped_at__lt=month.end
    )
    breached = Q(breached_at__gte=month.start, breached_at__lt=month.end)
    targets = {
        row["kind"]: row
        for row in SlaClock.objects.filter(live)
        .filter(met | breached)
        .values("kind")
        .annotate(
            met=Count("id", filter=Q(breached_at__isnull=True)),
            breached=Count("id", filter=Q(breached_at__isnull=False)),
        )
        .order_by()
    }
    sla_rows = []
    for value, label in ClockKind.choices:
        row = targets.get(value, {"met": 0, "breached": 0})
        ended = row["met"] + row["breached"]
        sla_rows.append(
            {
                "key": value,
                "label": str(label),
                "met": row["met"],
                "breached": row["breached"],
                "attainment": round(row["met"] / ended, 4) if ended else None,
            }
        )
    sla = {
        "met": current["sla_met"],
        "breached": current["sla_breached"],
        "attainment": current["sla_attainment"],
        "previous_attainment": previous["sla_attainment"],
        "by_target": sla_rows,
    }

    causes = dict(RootCause.choices)
    complaint_rows = [
        {
            "key": row["root_cause"] or "undetermined",
            "label": str(causes.get(row["root_cause"], _("Not determined yet"))),
            "count": row["n"],
        }
        for row in Complaint.objects.filter(
            item__created_at__gte=month.start, item__created_at__lt=month.end
        )
        .values("root_cause")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_cause")
    ]

    top = list(
        WorkItem.objects.filter(
            Filters().q(), created_at__gte=month.start, created_at__lt=month.end
        )
        .values("category_id")
        .annotate(n=Count("id"))
        .order_by("-n", "category_id")[:TOP_CATEGORIES]
    )
    names = dict(
        Category.objects.filter(
            pk__in=[r["category_id"] for r in top if r["category_id"]]
        ).values_list("pk", "name")
    )
    top_categories = [
        {
            "key": str(r["category_id"]) if r["category_id"] else NONE_KEY,
            "label": names.get(r["category_id"], _("No category")),
            "created": r["n"],
            "share": round(r["n"] / current["created"], 4) if current["created"] else None,
        }
        for r in top
    ]
    return {
        "month": month.first.strftime("%Y-%m"),
        "previous_month": before.first.strftime("%Y-%m"),
        "from": month.first,
        "to": month.last,
        "time_zone": timezone.get_current_timezone_name(),
        "totals": totals,
        "current": current,
        "previous": previous,
        "by_queue": {"rows": by_queue["rows"], "totals": by_queue["totals"]},
        "by_kind": {"rows": by_kind["rows"], "totals": by_kind["totals"]},
        "by_agent": {"rows": agents, "totals": by_agent["totals"]},
        "satisfaction": satisfaction,
        "sla": sla,
        "complaints_by_root_cause": complaint_rows,
        "top_categories": top_categories,
    }


SUMMARY_COLUMNS = [
    Column("figure", gettext_lazy("Figure"), width=28),
    Column("current", gettext_lazy("This month"), "number"),
    Column("previous", gettext_lazy("Previous month"), "number"),
    Column("change", gettext_lazy("Change"), "number"),
]
AGENT_COLUMNS = [
    *SERVICE_COLUMNS,
    Column("points", gettext_lazy("Points"), "number"),
    Column("above_base", gettext_lazy("Points above base"), "number"),
    Column("rank", gettext_lazy("Rank"), "int"),
]
DISTRIBUTION_COLUMNS = [
    Column("score", gettext_lazy("Score"), "int"),
    Column("count", gettext_lazy("Ratings"), "int"),
]
SLA_COLUMNS = [
    Column("label", gettext_lazy("Target"), width=20),
    Column("met", gettext_lazy("Met"), "int"),
    Column("breached", gettext_lazy("Breached"), "int"),
    Column("attainment", gettext_lazy("Attainment"), "percent"),
]
CAUSE_COLUMNS = [
    Column("label", gettext_lazy("Root cause"), width=28),
    Column("count", gettext_lazy("Complaints"), "int"),
]
TOP_COLUMNS = [
    Column("label", gettext_lazy("Category"), width=28),
    Column("created", gettext_lazy("Created"), "int"),
    Column("share", gettext_lazy("Share"), "percent"),
]


def figure_labels() -> dict[str, str]:
    return {c.key: str(c.label) for c in SERVICE_COLUMNS}


def sheets(report: dict):
    from .exports import Sheet

    names = figure_labels()
    summary = [
        {**row, "figure": names.get(row["figure"], row["figure"])} for row in report["totals"]
    ]
    return [
        Sheet(_("Summary"), SUMMARY_COLUMNS, summary),
        Sheet(
            _("By queue"), SERVICE_COLUMNS, report["by_queue"]["rows"], report["by_queue"]["totals"]
        ),
        Sheet(
            _("By kind"), SERVICE_COLUMNS, report["by_kind"]["rows"], report["by_kind"]["totals"]
        ),
        Sheet(
            _("By agent"), AGENT_COLUMNS, report["by_agent"]["rows"], report["by_agent"]["totals"]
        ),
        Sheet(_("Satisfaction"), DISTRIBUTION_COLUMNS, report["satisfaction"]["distribution"]),
        Sheet(_("SLA"), SLA_COLUMNS, report["sla"]["by_target"]),
        Sheet(_("Complaints by root cause"), CAUSE_COLUMNS, report["complaints_by_root_cause"]),
        Sheet(_("Top categories"), TOP_COLUMNS, report["top_categories"]),
    ]
