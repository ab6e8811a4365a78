"""The daily channel report as a file: CSV (as before, now with translated headers) and XLSX, the
rows of the JSON answer; audited; for whoever handles orders (``order.handle``)."""

from __future__ import annotations

import pytest

from helpdesk.reports.models import ExportLog
from orders import breaker
from orders.models import SupplierChannel
from tests.exporting import csv_lines, number, xlsx_book
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
REPORT = "/api/v1/orders/report/"
HEADER = [
    "Channel",
    "Sent",
    "Succeeded",
    "Failed",
    "Success rate",
    "Latency p50 (ms)",
    "Latency p95 (ms)",
    "Failures by cause",
    "Incidents",
    "Balance (yuan)",
]


@pytest.fixture
def handler(db):
    user = UserFactory(username="orders", roles=["order_handler"])
    MembershipFactory(
        queue=QueueFactory(slug="orders", name="Orders"), user=user, role="order_handler"
    )
    return user


@pytest.fixture
def channels(sim, product):
    made = []
    for priority, name in enumerate(("alpha", "beta"), start=1):
        channel = SupplierChannel.objects.create(
            name=name,
            base_url=sim.channel_url(name),
            merchant=sim.merchant(name),
            secret=sim.secret(name),
            priority=priority,
            timeout_seconds=1.5,
            balance=123_456 if name == "alpha" else None,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        made.append(channel)
    yield made
    for channel in made:
        breaker.reset(channel.pk)


@pytest.fixture
def placed(client_for, handler, channels, product):
    client = client_for(handler)
    for _ in range(2):
        response = client.post(
            "/api/v1/orders/",
            {"product": product.pk, "account": "13800138000", "amount": 3_000},
            format="json",
        )
        assert response.status_code == 201, response.json()
    return 2


def as_line(row):
    return [
        row["channel"],
        number(row["sent"]),
        number(row["succeeded"]),
        number(row["failed"]),
        number(row["success_rate"]),
        number(row["latency_p50_ms"]),
        number(row["latency_p95_ms"]),
        "",  # no failures
        number(row["incidents"]),
        number(row["balance"] / 100 if row["balance"] is not None else None),
    ]


def test_the_csv_has_the_json_rows_with_translated_headers(client_for, handler, placed):
    client = client_for(handler)
    body = client.get(REPORT).json()

    lines = csv_lines(client.get(REPORT, {"output": "csv"}))

    assert lines[0] == HEADER
    assert lines[1:] == [as_line(row) for row in body]
    alpha = next(line for line in lines if line[0] == "alpha")
    assert alpha[1:5] == ["2", "2", "0", "1"] and alpha[-1] == "1234.56"
    log = ExportLog.objects.get()
    assert (log.user_id, log.report, log.output, log.rows) == (handler.pk, "channels", "csv", 2)


def test_the_xlsx_is_a_workbook_with_the_header(client_for, manager, placed):
    book = xlsx_book(client_for(manager).get(REPORT, {"output": "xlsx"}))

    for text in ("Channel report", "Channel", "Success rate", "Balance (yuan)", "alpha", "beta"):
        assert text in book["strings"]
    assert "<v>1234.56</v>" in book["sheet1"]
    assert ExportLog.objects.get().output == "xlsx"


def test_an_agent_may_not_read_or_export_the_report(client_for, agent):
    for output in ("csv", "xlsx"):
        assert client_for(agent).get(REPORT, {"output": output}).status_code == 403
    assert not ExportLog.objects.exists()


def test_a_format_other_than_csv_or_xlsx_is_a_400(client_for, handler):
    response = client_for(handler).get(REPORT, {"output": "pdf"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"output": ["Choose csv or xlsx."]}
