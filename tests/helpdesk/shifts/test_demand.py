"""Demand per queue, day and half-hour: entered by hand, forecast from history."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.queues.models import WorkItem
from tests.factories import MembershipFactory, UserFactory, WorkItemFactory

URL = "/api/v1/staffing/demand/"
FORECAST_URL = "/api/v1/staffing/demand/forecast/"
MONDAY = date(2026, 11, 30)

pytestmark = pytest.mark.django_db


def a_day(peak_slot=18, peak=12.5):
    values = [0.0] * 48
    values[peak_slot] = peak
    return values


def test_a_supervisor_enters_a_day_and_reads_it_back(client_for, supervisor, queue):
    client = client_for(supervisor)

    response = client.put(
        URL,
        {"queue": queue.pk, "kind": "call", "day": "2026-11-30", "contacts": a_day()},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["source"] == "manual"

    listed = client.get(
        URL, {"queue": queue.pk, "kind": "call", "from": "2026-11-30", "to": "2026-12-01"}
    )
    assert listed.status_code == 200
    monday, tuesday = listed.json()
    assert monday["day"] == "2026-11-30" and monday["contacts"][18] == 12.5
    assert sum(monday["contacts"]) == 12.5
    assert tuesday == {"day": "2026-12-01", "source": None, "contacts": [0.0] * 48}


def test_reading_a_month_costs_the_same_few_queries(client_for, supervisor, queue):
    client = client_for(supervisor)
    for offset in range(3):
        day = (MONDAY + timedelta(days=offset)).isoformat()
        client.put(
            URL, {"queue": queue.pk, "kind": "chat", "day": day, "contacts": a_day()}, format="json"
        )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            URL, {"queue": queue.pk, "kind": "chat", "from": "2026-11-01", "to": "2026-12-31"}
        )

    assert response.status_code == 200 and len(response.json()) == 61
    # session, user, roles, the queue, the lead check, the demand rows
    assert len(queries) == 6


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contacts": [1.0] * 47}, "contacts"),
        ({"contacts": [-1.0] + [0.0] * 47}, "contacts.0"),
        ({"kind": "fax"}, "kind"),
        ({"day": "30/11/2026"}, "day"),
    ],
)
def test_bad_demand_is_a_400_and_stores_nothing(client_for, supervisor, queue, body, field):
    payload = {"queue": queue.pk, "kind": "call", "day": "2026-11-30", "contacts": a_day(), **body}

    response = client_for(supervisor).put(URL, payload, format="json")

    assert response.status_code == 400 and field in response.json()["fields"]
    assert not queue.demand.exists()


def test_a_range_of_more_than_two_months_is_refused(client_for, supervisor, queue):
    response = client_for(supervisor).get(
        URL, {"queue": queue.pk, "kind": "call", "from": "2026-01-01", "to": "2026-06-30"}
    )

    assert response.status_code == 400 and "to" in response.json()["fields"]


def test_only_the_queues_leads_plan_its_demand(client_for, queue, other_queue, agent):
    other_lead = UserFactory(roles=["supervisor"])
    MembershipFactory(queue=other_queue, user=other_lead, role="supervisor")
    payload = {"queue": queue.pk, "kind": "call", "day": "2026-11-30", "contacts": a_day()}

    assert client_for(other_lead).put(URL, payload, format="json").status_code == 404
    assert client_for(agent).put(URL, payload, format="json").status_code == 403


def test_the_forecast_averages_the_same_weekday_and_half_hour_of_the_last_weeks(
    client_for, supervisor, queue, settings
):
    zone = ZoneInfo(settings.TIME_ZONE)
    # Four past Mondays at 09:10 local time: 3, 1, 2 and 2 calls; and a chat that must not count.
    for weeks_back, calls in zip(range(1, 5), (3, 1, 2, 2), strict=True):
        at = datetime.combine(MONDAY - timedelta(weeks=weeks_back), datetime.min.time(), zone)
        at += timedelta(hours=9, minutes=10)
        for _ in range(calls):
            item = WorkItemFactory(queue=queue, kind="call")
            WorkItem.objects.filter(pk=item.pk).update(created_at=at)
    chat = WorkItemFactory(queue=queue, kind="chat")
    WorkItem.objects.filter(pk=chat.pk).update(created_at=at)
    client = client_for(supervisor)
    # Tuesday was entered by hand: the forecast keeps it.
    client.put(
        URL,
        {"queue": queue.pk, "kind": "call", "day": "2026-12-01", "contacts": a_day(20, 7)},
        format="json",
    )

    response = client.post(
        FORECAST_URL,
        {
            "queue": queue.pk,
            "kind": "call",
            "first": "2026-11-30",
            "last": "2026-12-01",
            "weeks": 4,
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["days_written"] == 1
    monday, tuesday = body["days"]
    assert monday["source"] == "forecast"
    assert monday["contacts"][18] == 2.0  # 09:00-09:30: (3 + 1 + 2 + 2) / 4
    assert sum(monday["contacts"]) == 2.0
    assert (tuesday["source"], tuesday["contacts"][20]) == ("manual", 7.0)
