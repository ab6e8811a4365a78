"""The ledger and the ranking as CSV and XLSX: the same rows as the JSON, recorded, and refused
to those without report.export."""

import csv
import io
import re
import zipfile

import pytest
from django.utils import timezone

from helpdesk.queues.models import Kind, WorkItem
from helpdesk.reports.models import ExportLog

pytestmark = pytest.mark.django_db


def month() -> str:
    return timezone.localtime().strftime("%Y-%m")


def quarter() -> str:
    now = timezone.localtime()
    return f"{now.year}-Q{(now.month - 1) // 3 + 1}"


def handled(queue, agent, n):
    for i in range(n):
        WorkItem.objects.create(
            kind=Kind.TICKET,
            queue=queue,
            subject=f"work {i}",
            assignee=agent,
            status="closed",
            resolved_at=timezone.now(),
        )


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_ledger_as_csv_has_the_json_rows_and_a_total(client_for, manager, agent, agent2, queue):
    handled(queue, agent, 3)
    handled(queue, agent2, 1)
    client = client_for(manager)
    data = client.get(f"/api/v1/quality/ledger/?month={month()}").json()["rows"]

    response = client.get(f"/api/v1/quality/ledger/?month={month()}&output=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert rows[0][:4] == ["Agent", "Username", "Items", "Points"]
    body = {r[1]: r for r in rows[1:-1]}
    for row in data:
        line = body[row["agent"]["username"]]
        assert int(line[2]) == row["items"]
        assert float(line[3]) == float(row["points"])
    assert rows[-1][0] == "Total"
    assert int(rows[-1][2]) == 4 == sum(r["items"] for r in data)
    log = ExportLog.objects.get()
    assert (log.report, log.output, log.rows, log.params) == (
        "quality-ledger",
        "csv",
        len(data),
        {"month": month()},
    )


def test_the_ranking_as_xlsx_lists_the_agents_in_rank_order(
    client_for, manager, agent, agent2, queue
):
    handled(queue, agent2, 2)
    handled(queue, agent, 1)

    response = client_for(manager).get(f"/api/v1/quality/ranking/?quarter={quarter()}&output=xlsx")

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
    assert "Rank" in strings
    usernames = [s for s in strings if s in ("agent", "agent2")]
    assert usernames == ["agent2", "agent"]


def test_exports_need_report_export_and_leave_no_record(client_for, agent, queue):
    handled(queue, agent, 1)

    own = client_for(agent).get(f"/api/v1/quality/ledger/?month={month()}&output=csv")

    assert own.status_code == 403
    assert not ExportLog.objects.exists()


def test_an_unknown_output_is_400(client_for, manager):
    response = client_for(manager).get(f"/api/v1/quality/ranking/?quarter={quarter()}&output=pdf")

    assert response.status_code == 400
    assert "output" in response.json()["fields"]
