"""The hotline figures as CSV or XLSX (``?output=csv|xlsx``), through ``helpdesk.reports.exports``.

Who may export: ``call.supervise`` (managers and supervisors). Agents read the figures of their
queues on screen, but a file of every agent's figures is a supervisor's document (docs/hotline.md).

XLSX is a workbook with two sheets (per queue with the totals row, per agent); CSV is one table,
per queue (``table=queues``, the default, with the totals row) or per agent (``table=agents``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.accounts.rbac import Perm
from helpdesk.reports.exports import Column, Sheet, sheets_response, table_response

PERM = Perm.CALL_SUPERVISE
TABLES = ("queues", "agents")

FIGURE_COLUMNS = [
    Column("total", gettext_lazy("Calls"), "int"),
    Column("answered", gettext_lazy("Answered"), "int"),
    Column("missed", gettext_lazy("Missed"), "int"),
    Column("abandoned", gettext_lazy("Abandoned"), "int"),
    Column("voicemail", gettext_lazy("Voicemail"), "int"),
    Column("ringing", gettext_lazy("Ringing"), "int"),
    Column("avg_wait_seconds", gettext_lazy("Average wait (s)"), "number"),
    Column("avg_talk_seconds", gettext_lazy("Average talk (s)"), "number"),
]
QUEUE_COLUMNS = [Column("name", gettext_lazy("Queue"), width=24), *FIGURE_COLUMNS]
AGENT_COLUMNS = [Column("name", gettext_lazy("Agent"), width=24), *FIGURE_COLUMNS]


def queue_rows(figures: dict) -> list[dict]:
    """``figures`` as serialized (what the JSON answer holds)."""
    return [{**row, "name": row["queue"]["name"]} for row in figures["queues"]]


def agent_rows(figures: dict) -> list[dict]:
    return [{**row, "name": row["agent"]["name"]} for row in figures["agents"]]


def figures_file(request, *, figures: dict, output: str, table: str, params: dict):
    title = _("Hotline figures")
    totals = {**figures["totals"], "name": _("Total")}
    params = {**params, "since": figures["since"], "until": figures["until"]}
    if output == "xlsx":
        return sheets_response(
            request,
            report="hotline-figures",
            title=title,
            sheets=[
                Sheet(_("Per queue"), QUEUE_COLUMNS, queue_rows(figures), totals),
                Sheet(_("Per agent"), AGENT_COLUMNS, agent_rows(figures)),
            ],
            params=params,
            perm=PERM,
        )
    if table == "agents":
        return table_response(
            request,
            report="hotline-figures-agents",
            title=title,
            columns=AGENT_COLUMNS,
            rows=agent_rows(figures),
            output=output,
            params=params,
            perm=PERM,
        )
    return table_response(
        request,
        report="hotline-figures",
        title=title,
        columns=QUEUE_COLUMNS,
        rows=queue_rows(figures),
        totals=totals,
        output=output,
        params=params,
        perm=PERM,
    )
