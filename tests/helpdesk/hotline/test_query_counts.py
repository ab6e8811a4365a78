"""Every hotline list costs a fixed number of queries, however long it is."""

import time

import pytest

from tests.factories import CustomerFactory, MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = time.time() - 3600


def _calls(pbx, n, start=0):
    """``n`` calls: answered ones, missed ones (ring-backs), with and without matched files."""
    for i in range(start, start + n):
        caller = f"1380013{i % 7:04d}"
        if i % 3 == 0:
            customer = CustomerFactory()
            customer.contacts.create(kind="phone", value=f"+86{caller}")
        pbx.new_call(f"q{i}", caller, at=T0 + i, agent="8001" if i % 2 else "")
        if i % 2:
            pbx.answered(f"q{i}", at=T0 + i + 5)
        pbx.hangup(f"q{i}", "no_answer" if i % 2 == 0 else "normal_clearing", at=T0 + i + 30)


def test_the_call_list(client_for, agent_on_8001, manager, pbx, django_assert_num_queries):
    _calls(pbx, 3)
    agent_client, manager_client = client_for(agent_on_8001), client_for(manager)
    # session, user, roles, visible queues, count, the page's ids, its rows, matched customers
    with django_assert_num_queries(8):
        first = agent_client.get("/api/v1/hotline/calls/").json()
    with django_assert_num_queries(7):  # a manager sees every queue: no queue look-up
        manager_client.get("/api/v1/hotline/calls/")
    _calls(pbx, 20, start=3)
    with django_assert_num_queries(8):
        second = agent_client.get("/api/v1/hotline/calls/?state=missed,answered").json()

    assert (first["count"], second["count"]) == (3, 23)
    assert any(row["matched_customers"] for row in second["results"])


def test_the_ringback_list(client_for, agent_on_8001, pbx, django_assert_num_queries):
    _calls(pbx, 2)
    client = client_for(agent_on_8001)
    # session, user, roles, visible queues, count, the page, the ring-backs' calls
    with django_assert_num_queries(7):
        first = client.get("/api/v1/hotline/ringbacks/").json()
    _calls(pbx, 30, start=2)
    with django_assert_num_queries(7):
        second = client.get("/api/v1/hotline/ringbacks/?state=all").json()

    assert first["count"] < second["count"]
    # every missed call is in one ring-back (most are done: the caller got through later)
    assert sum(row["missed_count"] for row in second["results"]) == 16


def test_the_figures(client_for, agent_on_8001, pbx, queue, django_assert_num_queries):
    _calls(pbx, 2)
    client = client_for(agent_on_8001)
    # session, user, roles, visible queues, totals, per queue, per agent, queue and agent names
    with django_assert_num_queries(9):
        client.get("/api/v1/hotline/figures/?since=2000-01-01T00:00:00Z")
    for n in range(3):
        other = QueueFactory(slug=f"q{n}")
        MembershipFactory(queue=other, user=agent_on_8001)
        colleague = UserFactory(roles=["agent"], extension=f"70{n}")
        MembershipFactory(queue=other, user=colleague)
        pbx.new_call(f"o{n}", at=T0, queue=other.slug, agent=f"70{n}")
    with django_assert_num_queries(9):
        body = client.get("/api/v1/hotline/figures/?since=2000-01-01T00:00:00Z").json()

    assert len(body["queues"]) == 4
    assert len(body["agents"]) == 4


def test_a_call_detail(client_for, agent_on_8001, pbx, django_assert_num_queries):
    _calls(pbx, 2)
    client = client_for(agent_on_8001)
    call_id = client.get("/api/v1/hotline/calls/").json()["results"][0]["id"]
    # session, user, roles, visible queues, the call, matched customers, orders, links out, in
    with django_assert_num_queries(9):
        assert client.get(f"/api/v1/hotline/calls/{call_id}/").status_code == 200
