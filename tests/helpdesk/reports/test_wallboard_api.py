"""GET /api/v1/reports/wallboard/: what waits, for how long, who is there, SLA at risk."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, QueueFactory, UserFactory

from .wallboard_world import (
    EXPECTED_BILLING,
    EXPECTED_SUPPORT,
    build_world,
    chat,
    clock,
    item,
    online,
    ringback,
)

URL = "/api/v1/reports/wallboard/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(queue, other_queue, agent, agent2, outsider, supervisor):
    build_world(queue, other_queue, agent, agent2, outsider)


def _row(data, slug):
    return next(row for row in data["queues"] if row["slug"] == slug)


def _age(iso: str) -> float:
    return (timezone.now() - datetime.fromisoformat(iso)).total_seconds()


def test_each_queue_shows_its_waiting_work_people_and_sla(world, client_for, supervisor):
    response = client_for(supervisor).get(URL)

    assert response.status_code == 200
    data = response.json()
    assert [row["slug"] for row in data["queues"]] == ["billing", "support"]  # active only
    support, billing = _row(data, "support"), _row(data, "billing")
    assert {k: support[k] for k in EXPECTED_SUPPORT} == EXPECTED_SUPPORT
    assert {k: billing[k] for k in EXPECTED_BILLING} == EXPECTED_BILLING
    # The longest wait: Support's open ring-back, missed two hours ago; Billing's new ticket.
    assert 120 * 60 - 5 <= support["longest_wait_seconds"] <= 120 * 60 + 30
    assert abs(_age(support["longest_wait_since"]) - 120 * 60) < 30
    assert 5 * 60 - 5 <= billing["longest_wait_seconds"] <= 5 * 60 + 30


def test_totals_add_up_the_queues_and_count_people_once(world, client_for, manager, queue):
    # The agent also works Billing: counted in both rows, once in the totals.
    data = client_for(manager).get(URL).json()

    totals = data["totals"]
    for name in EXPECTED_SUPPORT:
        if name.startswith("agents_"):
            continue
        assert totals[name] == sum(row[name] for row in data["queues"]), name
    assert totals["longest_wait_seconds"] == max(r["longest_wait_seconds"] for r in data["queues"])
    assert totals["agents_online"] == 1  # only the agent's heartbeat is fresh
    assert totals["agents_on_shift"] == 2  # agent2 (Support), outsider (Billing)
    assert data["presence_known"] is True


def test_a_person_in_two_queues_counts_in_each_row_and_once_in_the_totals(
    client_for, supervisor, queue, other_queue, agent
):
    MembershipFactory(queue=other_queue, user=agent)
    online(agent)

    data = client_for(supervisor).get(URL).json()

    assert _row(data, "support")["agents_online"] == 1
    assert _row(data, "billing")["agents_online"] == 1
    assert data["totals"]["agents_online"] == 1
    assert [a["queues"] for a in data["agents"]] == [sorted([queue.pk, other_queue.pk])]


def test_the_agents_list_shows_presence_shift_and_open_items(world, client_for, supervisor):
    data = client_for(supervisor).get(URL).json()

    agents = {a["name"]: a for a in data["agents"]}
    by_username = {
        "agent": agents[str(_user("agent"))],
        "agent2": agents[str(_user("agent2"))],
        "outsider": agents[str(_user("outsider"))],
    }
    assert len(agents) == 3  # not the supervisor, not the inactive queue's member
    assert {k: (a["online"], a["on_shift"], a["open_items"]) for k, a in by_username.items()} == {
        "agent": (True, False, 3),  # rostered but on leave
        "agent2": (False, True, 3),  # heartbeats lapsed
        "outsider": (False, True, 1),  # away
    }


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_an_empty_department_shows_zeros_and_no_wait(client_for, supervisor, queue):
    data = client_for(supervisor).get(URL).json()

    row = _row(data, "support")
    assert row["waiting_total"] == 0
    assert row["longest_wait_seconds"] is None and row["longest_wait_since"] is None
    assert data["totals"]["longest_wait_seconds"] is None
    assert data["agents"] == []


def test_a_clock_past_warning_but_not_due_is_at_risk_until_due(client_for, supervisor, queue):
    ticket = item(queue)
    risky = clock(ticket, warn_in=-1, due_in=1)
    assert _row(client_for(supervisor).get(URL).json(), "support")["sla_at_risk"] == 1

    risky.due_at = timezone.now() - timedelta(seconds=1)
    risky.save()
    row = _row(client_for(supervisor).get(URL).json(), "support")
    assert (row["sla_at_risk"], row["sla_breached_open"]) == (0, 1)


@pytest.mark.parametrize(
    "role,status",
    [
        ("agent", 403),
        ("complaint_handler", 403),
        ("order_handler", 403),
        ("supervisor", 200),
        ("manager", 200),
    ],
)
def test_only_supervisors_and_managers_read_the_wallboard(client_for, queue, role, status):
    user = UserFactory(username=f"u-{role}", roles=[role])

    response = client_for(user).get(URL)

    assert response.status_code == status
    if status == 403:
        assert set(response.json()) == {"code", "message", "fields"}


def test_anonymous_visitors_are_refused(api):
    assert api.get(URL).status_code in (401, 403)


def _grow(queue, n):
    for i in range(n):
        agent = UserFactory(roles=["agent"])
        MembershipFactory(queue=queue, user=agent)
        online(agent)
        chat(queue, age_minutes=i + 1)
        clock(item(queue, assignee=agent), warn_in=-1, due_in=5)
        ringback(queue, missed_minutes_ago=i + 2)


def test_the_query_count_does_not_grow_with_items_people_or_queues(
    world, client_for, supervisor, queue, django_assert_num_queries
):
    client = client_for(supervisor)
    client.get(URL)  # warm the session
    # session, user, roles (permission), queues, item aggregate, memberships, people,
    # shifts, leave
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200

    _grow(queue, 5)
    _grow(QueueFactory(), 5)
    with django_assert_num_queries(9):
        data = client.get(URL).json()
    assert data["totals"]["waiting_chats"] == EXPECTED_SUPPORT["waiting_chats"] + 10
    assert data["totals"]["sla_at_risk"] == EXPECTED_SUPPORT["sla_at_risk"] + 10
