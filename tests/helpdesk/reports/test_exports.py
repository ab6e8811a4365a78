"""The shared export: CSV and XLSX carry the same rows and totals, are audited, need the role."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.test import RequestFactory
from django.utils import timezone

from helpdesk.common.errors import Forbidden, ServiceError
from helpdesk.reports.exports import Column, table_response, wanted_output
from helpdesk.reports.models import ExportLog

COLUMNS = [
    Column("queue", "Queue"),
    Column("created", "Created", "int"),
    Column("rate", "Rate", "percent"),
    Column("at", "At", "datetime"),
]
ROWS = [
    {"queue": "售后 Support", "created": 3, "rate": 0.5, "at": None},
    {
        "queue": "Billing",
        "created": 4,
        "rate": 0.25,
        "at": dt.datetime(2026, 11, 1, 2, 30, tzinfo=dt.UTC),
    },
]
TOTALS = {"queue": "Total", "created": 7, "rate": 0.375}


def _request(user):
    request = RequestFactory().get("/api/v1/reports/x/", REMOTE_ADDR="10.0.0.9")
    request.user = user
    return request


@pytest.mark.django_db
def test_csv_has_a_header_the_rows_and_the_totals_and_is_audited(manager, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    timezone.activate("Asia/Shanghai")
    response = table_response(
        _request(manager),
        report="volumes",
        title="Volumes",
        columns=COLUMNS,
        rows=ROWS,
        output="csv",
        totals=TOTALS,
        params={"month": "2026-11"},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="volumes-' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert lines == [
        ["Queue", "Created", "Rate", "At"],
        ["售后 Support", "3", "0.5", ""],
        ["Billing", "4", "0.25", "2026-11-01 10:30:00"],
        ["Total", "7", "0.375", ""],
    ]
    log = ExportLog.objects.get()
    assert (log.user, log.report, log.output, log.rows) == (manager, "volumes", "csv", 2)
    assert log.params == {"month": "2026-11"}
    assert log.ip_address == "10.0.0.9"


@pytest.mark.django_db
def test_xlsx_is_a_workbook_with_the_same_cells(manager):
    response = table_response(
        _request(manager),
        report="volumes",
        title="Volumes",
        columns=COLUMNS,
        rows=ROWS,
        output="xlsx",
        totals=TOTALS,
    )
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    for text in ("Volumes", "Queue", "售后 Support", "Billing", "Total"):
        assert text in strings
    assert "<v>7</v>" in sheet and "<v>0.375</v>" in sheet
    assert ExportLog.objects.filter(output="xlsx", rows=2).count() == 1


@pytest.mark.django_db
def test_an_agent_may_not_export_and_nothing_is_recorded(agent):
    with pytest.raises(Forbidden):
        table_response(
            _request(agent),
            report="volumes",
            title="Volumes",
            columns=COLUMNS,
            rows=ROWS,
            output="csv",
        )
    assert not ExportLog.objects.exists()


def test_output_must_be_csv_or_xlsx():
    assert wanted_output(None) is None
    assert wanted_output("xlsx") == "xlsx"
    with pytest.raises(ServiceError) as caught:
        wanted_output("pdf")
    assert caught.value.fields == {"output": ["Choose csv or xlsx."]}
