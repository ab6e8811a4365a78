"""The SLA endpoints: calendars, holidays, policies, chains, escalating and answering."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.queues.models import WorkItem
from helpdesk.sla.models import SlaPolicy, SpecialDay
from helpdesk.tickets import services as tickets

pytestmark = pytest.mark.django_db


def parse(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


OFFICE = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]


def test_a_supervisor_sets_up_a_calendar_and_imports_chinas_holidays(client_for, supervisor, queue):
    client = client_for(supervisor)
    created = client.post(
        "/api/v1/sla/calendars/",
        {"name": "Shanghai office", "time_zone": "Asia/Shanghai", "hours": OFFICE},
        format="json",
    )
    assert created.status_code == 201, created.json()
    calendar = created.json()
    assert calendar["hours"][0] == {"weekday": 0, "start": "09:00", "end": "18:00"}

    imported = client.post(
        f"/api/v1/sla/calendars/{calendar['id']}/import-holidays/",
        {"country": "cn", "year": 2026},
        format="json",
    )
    assert imported.status_code == 200 and imported.json()["days_written"] > 10
    days = {d.day: d.kind for d in SpecialDay.objects.filter(calendar_id=calendar["id"])}
    assert days[date(2026, 1, 1)] == "closed"
    assert days[date(2026, 1, 4)] == "workday"  # a Sunday worked in exchange for 2 January

    linked = client.put(
        f"/api/v1/sla/queues/{queue.pk}/calendar/", {"calendar": calendar["id"]}, format="json"
    )
    assert linked.status_code == 204


@pytest.mark.parametrize(
    ("hours", "field"),
    [
        ([{"weekday": 0, "start": "18:00", "end": "09:00"}], "hours.0"),
        (
            [
                {"weekday": 2, "start": "09:00", "end": "13:00"},
                {"weekday": 2, "start": "12:00", "end": "18:00"},
            ],
            "hours.2",
        ),
    ],
)
def test_inverted_or_overlapping_hours_are_refused(client_for, supervisor, hours, field):
    response = client_for(supervisor).post(
        "/api/v1/sla/calendars/",
        {"name": "Bad", "time_zone": "Asia/Shanghai", "hours": hours},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_hours" and field in response.json()["fields"]


def test_a_policy_needs_a_target_and_only_leads_set_one(client_for, supervisor, agent, queue):
    empty = client_for(supervisor).post(
        "/api/v1/sla/policies/", {"queue": queue.pk, "priority": 3}, format="json"
    )
    assert empty.status_code == 400 and empty.json()["code"] == "policy_no_targets"
    assert not SlaPolicy.objects.exists()
    body = {"queue": queue.pk, "first_response_minutes": 30}
    assert client_for(agent).post("/api/v1/sla/policies/", body, format="json").status_code == 403
    created = client_for(supervisor).post("/api/v1/sla/policies/", body, format="json")
    assert created.status_code == 201
    again = client_for(supervisor).post("/api/v1/sla/policies/", body, format="json")
    assert again.status_code == 409 and again.json()["code"] == "policy_exists"


def ticket_held_by(agent, queue):
    ticket = tickets.ticket_create(actor=agent, queue_id=queue.pk, subject="Refund", body="Where?")
    WorkItem.objects.filter(pk=ticket.item_id).update(assignee=agent, status="open")
    return ticket.item_id


def test_an_agent_escalates_to_the_supervisor_who_answers(
    client_for, agent, agent2, supervisor, manager, queue
):
    item_id = ticket_held_by(agent, queue)
    body = {"reason": "Customer threatens to complain", "ask": "May I refund 50 yuan?"}

    other = client_for(agent2).post(f"/api/v1/items/{item_id}/escalate/", body, format="json")
    assert other.status_code == 403 and other.json()["code"] == "not_holder"

    raised = client_for(agent).post(f"/api/v1/items/{item_id}/escalate/", body, format="json")
    assert raised.status_code == 201
    escalation = raised.json()
    assert escalation["to_user"]["username"] == supervisor.username
    assert escalation["level"] == "supervisor_on_duty"

    url = f"/api/v1/escalations/{escalation['id']}"
    assert client_for(agent2).post(f"{url}/acknowledge/").status_code == 404
    refused = client_for(manager).post(f"{url}/acknowledge/")  # sees it, but it is not theirs
    assert refused.status_code == 403 and refused.json()["code"] == "not_yours"
    no_note = client_for(supervisor).post(f"{url}/send-back/", {}, format="json")
    assert no_note.status_code == 400
    ok = client_for(supervisor).post(f"{url}/acknowledge/", {"note": "Yes"}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "acknowledged"

    # The supervisor, now holding it through the escalation, takes it to a manager.
    up = client_for(supervisor).post(f"/api/v1/items/{item_id}/escalate/", body, format="json")
    assert up.status_code == 201 and up.json()["to_user"]["username"] == manager.username
    events = WorkItem.objects.get(pk=item_id).events.filter(
        verb__in=["escalated", "escalation_acknowledged"]
    )
    assert events.count() == 3

    listed = client_for(supervisor).get("/api/v1/escalations/", {"state": "open"}).json()
    assert [e["id"] for e in listed["results"]] == [up.json()["id"]]  # raised by them


def test_an_items_clocks_show_the_business_time_left(client_for, agent, queue):
    SlaPolicy.objects.create(queue=queue, first_response_minutes=30, resolution_minutes=600)
    item_id = ticket_held_by(agent, queue)
    body = client_for(agent).get(f"/api/v1/items/{item_id}/sla/").json()
    kinds = {c["kind"]: c for c in body["clocks"]}
    assert set(kinds) == {"first_response", "resolution"}
    assert 29 * 60 < kinds["first_response"]["remaining_seconds"] <= 30 * 60
    inbox_row = client_for(agent).get(f"/api/v1/items/{item_id}/").json()
    assert parse(inbox_row["due_at"]) == parse(kinds["first_response"]["due_at"])
    assert inbox_row["sla_warn_at"] is not None


def test_the_escalation_list_costs_the_same_few_queries(client_for, agent, supervisor, queue):
    for _n in range(4):
        item_id = ticket_held_by(agent, queue)
        client_for(agent).post(
            f"/api/v1/items/{item_id}/escalate/", {"reason": "r", "ask": "a"}, format="json"
        )
    client = client_for(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/escalations/")
    assert response.status_code == 200 and response.json()["count"] == 4
    assert len(queries) == 5  # session, user, roles, count, page (people and item joined)


def test_the_automatic_escalations_list_costs_the_same_few_queries(
    client_for, agent, supervisor, manager, queue
):
    import time_machine

    from helpdesk.sla import escalation

    SlaPolicy.objects.create(queue=queue, first_response_minutes=10)
    with time_machine.travel("2026-12-07 09:00 +0800", tick=False):
        for _n in range(3):
            ticket_held_by(agent, queue)
    for minute in (10, 40, 70):
        with (
            time_machine.travel(f"2026-12-07 09:{minute % 60:02d} +0800", tick=False)
            if minute < 60
            else time_machine.travel(f"2026-12-07 10:{minute - 60:02d} +0800", tick=False)
        ):
            escalation.scan_and_act()
    client = client_for(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/escalation-runs/")
    assert response.status_code == 200 and response.json()["count"] == 3
    assert all(len(run["steps"]) == 3 for run in response.json()["results"])
    # session, user, roles, count, page (item, acknowledger joined), steps, people told
    assert len(queries) == 7


def test_the_sla_panel_of_an_item_costs_the_same_few_queries(client_for, agent, queue):
    SlaPolicy.objects.create(queue=queue, first_response_minutes=30, resolution_minutes=600)
    item_id = ticket_held_by(agent, queue)
    client = client_for(agent)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/items/{item_id}/sla/").status_code == 200
    # session, user, roles, visible queues, item, its tags, clocks, calendar, runs (steps and
    # people only when there are runs), escalations
    assert len(queries) == 10
