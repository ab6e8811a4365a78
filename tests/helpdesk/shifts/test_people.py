"""Shift types and leave requests (request → a supervisor of the person's queues decides)."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.shifts.models import LeaveRequest
from helpdesk.shifts.people import covers_night
from tests.factories import MembershipFactory, UserFactory

TYPES = "/api/v1/shifts/types/"
LEAVE = "/api/v1/shifts/leave/"

pytestmark = pytest.mark.django_db


def future(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def decide(leave_id):
    return f"{LEAVE}{leave_id}/decide/"


@pytest.mark.parametrize(
    ("start", "minutes", "night"),
    [(time(8), 480, False), (time(16), 480, False), (time(22), 600, True), (time(0), 480, True)],
)
def test_a_shift_that_covers_the_small_hours_is_a_night_shift(start, minutes, night):
    assert covers_night(start, minutes) is night


def test_a_supervisor_adds_a_night_shift_that_crosses_midnight(client_for, supervisor, agent):
    response = client_for(supervisor).post(
        TYPES, {"name": "Night", "code": "n", "start": "22:00", "minutes": 600}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["is_night"], body["crosses_midnight"]) == ("N", True, True)
    listed = client_for(agent).get(TYPES).json()
    assert [t["name"] for t in listed] == ["Night"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"minutes": 30}, 400, "minutes"),
        ({"start": "25:00"}, 400, "start"),
        ({"colour": "red"}, 400, "colour"),
    ],
)
def test_bad_shift_types_are_refused(client_for, supervisor, body, status, field):
    payload = {"name": "Day", "code": "D", "start": "08:00", "minutes": 480, **body}

    response = client_for(supervisor).post(TYPES, payload, format="json")

    assert response.status_code == status and field in response.json()["fields"]


def test_a_second_shift_type_with_the_same_code_is_a_conflict(client_for, supervisor):
    client = client_for(supervisor)
    client.post(
        TYPES, {"name": "Day", "code": "D", "start": "08:00", "minutes": 480}, format="json"
    )

    response = client.post(
        TYPES, {"name": "Daytime", "code": "d", "start": "09:00", "minutes": 480}, format="json"
    )

    assert response.status_code == 409 and response.json()["code"] == "shift_type_exists"


def test_agents_do_not_define_shifts(client_for, agent):
    response = client_for(agent).post(
        TYPES, {"name": "Day", "code": "D", "start": "08:00", "minutes": 480}, format="json"
    )
    assert response.status_code == 403


# --- leave ---------------------------------------------------------------------------------------


def ask(client, first, last, kind="annual"):
    return client.post(LEAVE, {"first_day": first, "last_day": last, "kind": kind}, format="json")


def test_an_agent_asks_for_leave_and_their_supervisor_approves_it(client_for, agent, supervisor):
    asked = ask(client_for(agent), future(10), future(12))
    assert asked.status_code == 201 and asked.json()["status"] == "requested"

    decided = client_for(supervisor).post(
        decide(asked.json()["id"]), {"approve": True}, format="json"
    )

    assert decided.status_code == 200
    body = decided.json()
    assert body["status"] == "approved" and body["decided_by"]["id"] == supervisor.pk
    again = client_for(supervisor).post(
        decide(body["id"]), {"approve": False, "note": "no"}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_decided"


def test_overlapping_leave_is_refused_and_nothing_is_stored(client_for, agent):
    client = client_for(agent)
    ask(client, future(10), future(12))

    response = ask(client, future(12), future(14))

    assert response.status_code == 409
    assert response.json()["code"] == "leave_overlaps"
    assert LeaveRequest.objects.filter(user=agent).count() == 1


def test_declined_leave_does_not_block_asking_again(client_for, agent, supervisor):
    first = ask(client_for(agent), future(10), future(12)).json()
    client_for(supervisor).post(
        decide(first["id"]), {"approve": False, "note": "Peak week"}, format="json"
    )

    assert ask(client_for(agent), future(11), future(12)).status_code == 201


def test_a_decline_needs_a_reason(client_for, agent, supervisor):
    leave = ask(client_for(agent), future(10), future(10)).json()

    response = client_for(supervisor).post(decide(leave["id"]), {"approve": False}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "note_required"


def test_days_out_of_order_are_a_400(client_for, agent):
    response = ask(client_for(agent), future(12), future(10))

    assert response.status_code == 400 and "last_day" in response.json()["fields"]


def test_only_a_supervisor_of_the_persons_queues_decides(
    client_for, agent, supervisor, other_queue
):
    stranger = UserFactory(roles=["supervisor"])
    MembershipFactory(queue=other_queue, user=stranger, role="supervisor")
    leave = ask(client_for(agent), future(10), future(10)).json()
    own = ask(client_for(supervisor), future(20), future(20)).json()

    assert (
        client_for(stranger).post(decide(leave["id"]), {"approve": True}, format="json").status_code
        == 404
    )
    refused = client_for(supervisor).post(decide(own["id"]), {"approve": True}, format="json")
    assert refused.status_code == 403  # not their own


def test_who_sees_which_leave(client_for, agent, agent2, supervisor, manager):
    ask(client_for(agent), future(10), future(10))
    ask(client_for(agent2), future(10), future(10))
    ask(client_for(supervisor), future(20), future(20))

    def users(user, **params):
        return sorted(
            r["user"]["username"] for r in client_for(user).get(LEAVE, params).json()["results"]
        )

    assert users(agent) == ["agent"]
    assert users(supervisor) == ["agent", "agent2", "supervisor"]
    assert users(supervisor, mine="true") == ["supervisor"]
    assert users(manager, status="requested") == ["agent", "agent2", "supervisor"]


def test_the_leave_list_costs_the_same_few_queries(client_for, supervisor, queue):
    for n in range(5):
        member = UserFactory(roles=["agent"])
        MembershipFactory(queue=queue, user=member, role="agent")
        ask(client_for(member), future(10 + n), future(10 + n))
    client = client_for(supervisor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LEAVE)

    assert response.status_code == 200 and response.json()["count"] == 5
    # session, user, roles, count, page (people joined)
    assert len(queries) == 5


def test_a_person_cancels_a_request_and_nobody_else_can(client_for, agent, agent2):
    leave = ask(client_for(agent), future(10), future(10)).json()
    url = f"{LEAVE}{leave['id']}/cancel/"

    assert client_for(agent2).post(url).status_code == 404
    response = client_for(agent).post(url)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client_for(agent).post(url).status_code == 409


def test_approved_leave_that_has_started_cannot_be_cancelled(client_for, agent, supervisor):
    leave = LeaveRequest.objects.create(
        user=agent, first_day=date.today() - timedelta(days=1), last_day=date.today(), kind="sick"
    )
    LeaveRequest.objects.filter(pk=leave.pk).update(status="approved")

    response = client_for(agent).post(f"{LEAVE}{leave.pk}/cancel/")

    assert response.status_code == 409 and response.json()["code"] == "not_cancellable"
