"""The unified inbox API: visibility, filters, urgency order, pagination, query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.queues.models import Kind, Status, Tag
from tests.factories import CustomerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def _subjects(response):
    assert response.status_code == 200, response.content
    return [row["subject"] for row in response.json()["results"]]


def test_an_agent_sees_every_kind_from_their_queues_only(client_for, agent, queue, other_queue):
    WorkItemFactory(queue=queue, kind=Kind.TICKET, subject="ticket")
    WorkItemFactory(queue=queue, kind=Kind.CHAT, subject="chat")
    WorkItemFactory(queue=other_queue, subject="not mine")

    assert sorted(_subjects(client_for(agent).get("/api/v1/inbox/"))) == ["chat", "ticket"]


def test_a_manager_sees_every_queue(client_for, manager, queue, other_queue):
    WorkItemFactory(queue=queue, subject="a")
    WorkItemFactory(queue=other_queue, subject="b")

    assert sorted(_subjects(client_for(manager).get("/api/v1/inbox/"))) == ["a", "b"]


def test_items_come_most_urgent_first(client_for, agent, queue):
    now = timezone.now()
    WorkItemFactory(queue=queue, subject="normal, no due", priority=2)
    WorkItemFactory(
        queue=queue, subject="normal, due later", priority=2, due_at=now + timedelta(hours=5)
    )
    WorkItemFactory(
        queue=queue, subject="normal, due soon", priority=2, due_at=now + timedelta(hours=1)
    )
    WorkItemFactory(queue=queue, subject="urgent", priority=4)
    WorkItemFactory(queue=queue, subject="low", priority=1, due_at=now)

    assert _subjects(client_for(agent).get("/api/v1/inbox/")) == [
        "urgent",
        "normal, due soon",
        "normal, due later",
        "normal, no due",
        "low",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=chat", ["chat, mine"]),
        ("?status=pending", ["pending"]),
        ("?status=pending,new", ["chat, mine", "pending", "ticket, unassigned"]),
        ("?status=pending&status=new", ["chat, mine", "pending", "ticket, unassigned"]),
        ("?mine=true", ["chat, mine"]),
        ("?unassigned=true", ["pending", "ticket, unassigned"]),
        ("?priority=4", ["pending"]),
        ("?q=unassig", ["ticket, unassigned"]),
    ],
)
def test_filters(client_for, agent, agent2, queue, query, expected):
    WorkItemFactory(queue=queue, kind=Kind.CHAT, subject="chat, mine", assignee=agent)
    WorkItemFactory(queue=queue, subject="ticket, unassigned")
    WorkItemFactory(queue=queue, subject="pending", status=Status.PENDING, priority=4)
    WorkItemFactory(queue=queue, subject="theirs", status=Status.OPEN, assignee=agent2)

    assert sorted(_subjects(client_for(agent).get(f"/api/v1/inbox/{query}"))) == expected


def test_filter_by_queue_and_assignee(client_for, manager, agent, queue, other_queue):
    WorkItemFactory(queue=queue, subject="support", assignee=agent)
    WorkItemFactory(queue=other_queue, subject="billing")
    client = client_for(manager)

    assert _subjects(client.get(f"/api/v1/inbox/?queue={other_queue.pk}")) == ["billing"]
    assert _subjects(client.get(f"/api/v1/inbox/?assignee={agent.pk}")) == ["support"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?kind=fax", "kind.0"),
        ("?status=gone", "status.0"),
        ("?queue=abc", "queue.0"),
        ("?mine=maybe", "mine"),
        ("?colour=red", "colour"),
    ],
)
def test_bad_filters_are_400_with_the_field(client_for, agent, query, field):
    response = client_for(agent).get(f"/api/v1/inbox/{query}")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_rows_carry_what_the_inbox_shows(client_for, agent, queue):
    customer = CustomerFactory(name="李雷")
    item = WorkItemFactory(queue=queue, customer=customer, assignee=agent, subject="S")
    item.tags.add(Tag.objects.create(name="vip"))

    row = client_for(agent).get("/api/v1/inbox/").json()["results"][0]

    assert row["reference"] == f"T-{item.pk:06d}"
    assert row["queue"] == {"id": queue.pk, "name": "Support", "slug": "support"}
    assert row["customer"] == {"id": customer.pk, "name": "李雷"}
    assert row["assignee"]["username"] == "agent"
    assert row["tags"] == ["vip"]
    assert row["kind_display"] == "Ticket"


def test_pages_of_50_with_a_count(client_for, manager, queue):
    WorkItemFactory.create_batch(60, queue=queue)
    client = client_for(manager)

    first = client.get("/api/v1/inbox/").json()
    second = client.get("/api/v1/inbox/?page=2").json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (60, 50, 10)
    assert first["next"].endswith("page=2")
    assert client.get("/api/v1/inbox/?page=9").status_code == 404


@pytest.mark.parametrize("role_user", ["manager", "agent"])
def test_the_inbox_costs_the_same_queries_for_5_or_40_items(
    role_user, request, client_for, queue, django_assert_num_queries
):
    user = request.getfixturevalue(role_user)
    client = client_for(user)

    def fill(n):
        for _ in range(n):
            item = WorkItemFactory(queue=queue, customer=CustomerFactory(), assignee=user)
            item.tags.add(Tag.objects.get_or_create(name=f"t{item.pk % 3}")[0])

    fill(5)
    # session, user, roles, visible queues, count, page ids, rows, tags (a manager needs no
    # queue ids)
    expected = 7 if role_user == "manager" else 8
    with django_assert_num_queries(expected):
        assert len(client.get("/api/v1/inbox/").json()["results"]) == 5
    fill(35)
    with django_assert_num_queries(expected):
        assert len(client.get("/api/v1/inbox/").json()["results"]) == 40
