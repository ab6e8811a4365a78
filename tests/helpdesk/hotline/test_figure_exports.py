"""The hotline figures as files: per queue (with the totals) and per agent, in CSV and XLSX, the
rows of the JSON answer; audited; for supervisors and managers (``call.supervise``)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.reports.models import ExportLog
from tests.exporting import csv_lines, number, xlsx_book

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/hotline/figures/"
HEADER = [
    "Calls",
    "Answered",
    "Missed",
    "Abandoned",
    "Voicemail",
    "Ringing",
    "Average wait (s)",
    "Average talk (s)",
]
KEYS = [
    "total",
    "answered",
    "missed",
    "abandoned",
    "voicemail",
    "ringing",
    "avg_wait_seconds",
    "avg_talk_seconds",
]


@pytest.fixture
def since(client_for, agent, agent2, queue):
    """Four calls logged by two agents in the last hour; the period to ask for."""
    start = timezone.now() - timedelta(minutes=30)

    def log(user, state, wait, talk=None):
        fields = {
            "direction": "inbound",
            "from": "13800138000",
            "queue": queue.pk,
            "state": state,
            "initiated_at": start.isoformat(),
        }
        if state == "answered":
            fields["answered_at"] = (start + timedelta(seconds=wait)).isoformat()
            fields["ended_at"] = (start + timedelta(seconds=wait + talk)).isoformat()
        else:
            fields["ended_at"] = (start + timedelta(seconds=wait)).isoformat()
        assert client_for(user).post("/api/v1/hotline/calls/", fields).status_code == 201

    log(agent, "answered", 10, 100)
    log(agent, "missed", 40)
    log(agent2, "answered", 5, 61)
    log(agent2, "abandoned", 15)
    return (start - timedelta(hours=1)).isoformat()


def row(name, figures):
    return [name, *[number(figures[key]) for key in KEYS]]


def test_the_csv_has_the_queue_rows_and_the_totals_of_the_json(client_for, supervisor, since):
    client = client_for(supervisor)
    body = client.get(FIGURES, {"since": since}).json()

    lines = csv_lines(client.get(FIGURES, {"since": since, "output": "csv"}))

    assert lines[0] == ["Queue", *HEADER]
    assert lines[1:-1] == [row(r["queue"]["name"], r) for r in body["queues"]]
    assert lines[-1] == row("Total", body["totals"])
    assert lines[-1][:5] == ["Total", "4", "2", "1", "1"]
    assert lines[-1][7:] == ["7.5", "80.5"]
    log = ExportLog.objects.get()
    assert (log.user_id, log.report, log.output, log.rows) == (
        supervisor.pk,
        "hotline-figures",
        "csv",
        1,
    )
    assert log.params["since"] == body["since"]


def test_the_agents_table_as_csv(client_for, manager, agent, agent2, since):
    client = client_for(manager)
    body = client.get(FIGURES, {"since": since}).json()

    lines = csv_lines(client.get(FIGURES, {"since": since, "output": "csv", "table": "agents"}))

    assert lines[0] == ["Agent", *HEADER]
    assert lines[1:] == [row(r["agent"]["name"], r) for r in body["agents"]]
    assert {line[0] for line in lines[1:]} == {agent.name, agent2.name}
    assert ExportLog.objects.get().report == "hotline-figures-agents"


def test_the_xlsx_is_a_workbook_with_a_sheet_per_table(client_for, supervisor, agent, since):
    response = client_for(supervisor).get(FIGURES, {"since": since, "output": "xlsx"})

    book = xlsx_book(response)
    assert 'name="Per queue"' in book["workbook"] and 'name="Per agent"' in book["workbook"]
    for text in ("Hotline figures", "Queue", "Agent", "Average wait (s)", "Total", agent.name):
        assert text in book["strings"]
    assert "<v>4</v>" in book["sheet1"] and "<v>80.5</v>" in book["sheet1"]
    log = ExportLog.objects.get()
    assert (log.output, log.rows) == ("xlsx", 3)  # one queue, two agents


def test_an_agent_reads_the_figures_but_may_not_export_them(client_for, agent, since):
    client = client_for(agent)

    assert client.get(FIGURES, {"since": since}).status_code == 200
    for output in ("csv", "xlsx"):
        response = client.get(FIGURES, {"since": since, "output": output})
        assert response.status_code == 403
        assert "call.supervise" in response.json()["message"]
    assert not ExportLog.objects.exists()


def test_a_format_other_than_csv_or_xlsx_is_a_400(client_for, supervisor):
    response = client_for(supervisor).get(FIGURES, {"output": "pdf"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"output": ["Choose csv or xlsx."]}
    assert not ExportLog.objects.exists()
