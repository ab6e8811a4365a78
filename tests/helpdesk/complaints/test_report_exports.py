"""The complaint reports as files: trends, repeat complainants and the daily summary in CSV and
XLSX carry the rows the JSON answer carries, are audited, and need ``complaint.report``."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from helpdesk.complaints import services
from helpdesk.complaints.summaries import summary_send
from helpdesk.queues.models import Category, WorkItem
from helpdesk.reports.models import ExportLog
from tests.exporting import csv_lines, local_time, number, xlsx_book
from tests.factories import CustomerFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TRENDS = "/api/v1/complaints/reports/trends/"
REPEAT = "/api/v1/complaints/reports/repeat-complainants/"
SUMMARY = "/api/v1/complaints/reports/daily-summary/"
DAY = datetime(2026, 12, 1).date()


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def complaints(complaints_queue, manager, customer):
    """Five complaints over three days in two categories, three from one customer."""
    late = Category.objects.create(queue=complaints_queue, name="Late credit")
    rude = Category.objects.create(queue=complaints_queue, name="服务态度")
    other = CustomerFactory(name="Wu Fang")
    spec = [(0, late, customer), (0, rude, customer), (1, late, other), (2, late, customer)]
    spec.append((2, rude, other))
    for offset, category, who in spec:
        with time_machine.travel(at(DAY - timedelta(days=2 - offset)), tick=False):
            services.complaint_open(
                actor=fresh(manager),
                customer_id=who.pk,
                subject=f"{category.name} {offset}",
                description="x",
                category_id=category.pk,
            )
    return {"late": late, "rude": rude}


def trend_params(**extra):
    since = (DAY - timedelta(days=2)).isoformat()
    return {"by": "category", "bucket": "day", "since": since, "until": DAY.isoformat(), **extra}


def test_the_trends_csv_has_the_json_rows_and_a_totals_row(complaints, client_for, lead):
    client = client_for(fresh(lead))
    body = client.get(TRENDS, trend_params()).json()

    lines = csv_lines(client.get(TRENDS, trend_params(output="csv")))

    assert lines[0] == ["Series", "Key", *body["periods"], "Total"]
    assert lines[1:-1] == [
        [s["label"], s["key"], *[number(p["count"]) for p in s["points"]], number(s["total"])]
        for s in body["series"]
    ]
    assert lines[1][0] == "Late credit" and lines[1][-1] == "3"
    assert lines[-1] == ["Total", "", "2", "1", "2", "5"]
    log = ExportLog.objects.get()
    assert (log.user_id, log.report, log.output, log.rows) == (
        lead.pk,
        "complaint-trends",
        "csv",
        2,
    )
    assert log.params["by"] == "category" and log.params["since"] == "2026-11-29"


def test_the_trends_xlsx_is_a_workbook_with_the_header_and_rows(complaints, client_for, handler):
    """Complaint handlers read the reports, so they may export them too."""
    book = xlsx_book(client_for(fresh(handler)).get(TRENDS, trend_params(output="xlsx")))

    for text in ("Complaint trends", "Series", "Total", "2026-11-29", "Late credit", "服务态度"):
        assert text in book["strings"]
    assert "<v>5</v>" in book["sheet1"]
    assert ExportLog.objects.filter(report="complaint-trends", output="xlsx", rows=2).count() == 1


@pytest.mark.parametrize("url", [TRENDS, REPEAT, SUMMARY])
def test_an_agent_may_not_export_and_nothing_is_recorded(complaints, client_for, agent, url):
    response = client_for(fresh(agent)).get(
        url, trend_params(output="csv") if url == TRENDS else {"output": "csv"}
    )

    assert response.status_code == 403
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("url", [TRENDS, REPEAT, SUMMARY])
def test_a_format_other_than_csv_or_xlsx_is_a_400(complaints, client_for, lead, url):
    params = trend_params(output="pdf") if url == TRENDS else {"output": "pdf"}

    response = client_for(fresh(lead)).get(url, params)

    assert response.status_code == 400
    assert response.json()["fields"] == {"output": ["Choose csv or xlsx."]}
    assert not ExportLog.objects.exists()


def test_the_repeat_complainants_csv_has_the_json_rows(complaints, client_for, lead):
    with time_machine.travel(at(DAY, 20), tick=False):
        client = client_for(fresh(lead))
        body = client.get(REPEAT, {"days": 30, "min": 2}).json()
        lines = csv_lines(client.get(REPEAT, {"days": 30, "min": 2, "output": "csv"}))
        book = xlsx_book(client.get(REPEAT, {"days": 30, "min": 2, "output": "xlsx"}))

    assert lines[0] == ["Customer ID", "Customer", "Complaints", "Open", "Last complaint"]
    assert lines[1:] == [
        [
            str(r["customer"]["id"]),
            r["customer"]["name"],
            str(r["complaints"]),
            str(r["open"]),
            local_time(r["last_at"]),
        ]
        for r in body
    ]
    assert [line[1:3] for line in lines[1:]] == [["Zhou Jie", "3"], ["Wu Fang", "2"]]
    assert "Repeat complainants" in book["strings"] and "Zhou Jie" in book["strings"]
    logs = ExportLog.objects.order_by("pk").values_list("report", "output", "rows", "params")
    assert list(logs) == [
        ("repeat-complainants", "csv", 2, {"days": 30, "min": 2}),
        ("repeat-complainants", "xlsx", 2, {"days": 30, "min": 2}),
    ]


def test_the_daily_summary_csv_lists_every_part_of_the_summary(complaints, client_for, lead):
    with time_machine.travel(at(DAY, 20), tick=False):
        client = client_for(fresh(lead))
        summary = client.get(SUMMARY, {"day": DAY.isoformat()}).json()["summary"]
        lines = csv_lines(client.get(SUMMARY, {"day": DAY.isoformat(), "output": "csv"}))

    assert lines[0] == ["Section", "Item", "Count", "Note"]
    rows = {(line[0], line[1]): line[2] for line in lines[1:]}
    assert rows[("Figures", "Received")] == str(summary["received"]) == "2"
    assert rows[("Figures", "Open")] == str(summary["open"]) == "5"
    assert rows[("Figures", "Open: Received")] == str(summary["open_by_stage"]["received"])
    assert rows[("Figures", "Waiting for a manager")] == str(summary["awaiting_manager"])
    top = [(line[1], line[2]) for line in lines if line[0] == "Top categories"]
    assert top == [(c["label"], str(c["count"])) for c in summary["top_categories"]]
    repeaters = [(line[1], line[2]) for line in lines if line[0] == "Repeat complainants"]
    assert repeaters == [
        (r["customer"]["name"], str(r["complaints"])) for r in summary["repeat_complainants"]
    ]
    assert repeaters == [("Zhou Jie", "3"), ("Wu Fang", "2")]
    log = ExportLog.objects.get()
    assert (log.report, log.params, log.rows) == (
        "complaint-summary",
        {"day": "2026-12-01"},
        len(lines) - 1,
    )


def test_a_sent_summary_exports_as_it_was_sent_in_a_workbook_of_its_parts(
    complaints, client_for, lead, manager
):
    with time_machine.travel(at(DAY + timedelta(days=1), 0), tick=False):
        summary_send(day=DAY)
    # a complaint opened later for that day changes the live figures, not the sent summary
    WorkItem.objects.filter(pk__in=WorkItem.objects.values("pk")[:1]).update(created_at=at(DAY, 9))

    client = client_for(fresh(lead))

    book = xlsx_book(client.get(SUMMARY, {"day": DAY.isoformat(), "output": "xlsx"}))
    lines = csv_lines(client.get(SUMMARY, {"day": DAY.isoformat(), "output": "csv"}))

    for name in ("Figures", "Top categories", "Themes", "Breaching their SLA now"):
        assert f'name="{name}"' in book["workbook"]
    assert "Complaints of 2026-12-01" in book["strings"]
    assert "Zhou Jie" in book["strings"]
    assert ["Figures", "Received", "2", ""] in lines  # as sent, not the 3 counted live now
    assert list(ExportLog.objects.order_by("pk").values_list("output", flat=True)) == [
        "xlsx",
        "csv",
    ]
