"""Reading tickets: the list and the detail, and what each costs in queries."""

import pytest

from helpdesk.queues.models import LinkKind, WorkItemLink
from helpdesk.queues.services import workitem_link
from helpdesk.tickets import services
from tests.factories import CustomerFactory, WorkItemFactory

from .conftest import fresh, pdf, png, set_status

URL = "/api/v1/tickets/"


@pytest.mark.django_db
def test_the_list_shows_tickets_of_the_agents_queues_most_urgent_first(
    as_user, agent, make_ticket, other_queue
):
    low = make_ticket(subject="low", priority=1)
    urgent = make_ticket(subject="urgent", priority=4)
    normal = make_ticket(subject="normal")
    make_ticket(subject="elsewhere", queue=other_queue)
    WorkItemFactory(queue=low.queue, kind="chat", subject="a chat")  # not a ticket

    response = as_user(agent).get(URL)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [urgent.pk, normal.pk, low.pk]
    assert rows[0]["channel"] == "staff"
    assert rows[0]["merged_into"] is None
    assert response.json()["count"] == 3


@pytest.mark.django_db
def test_the_list_filters_by_status_queue_assignee_mine_and_customer(
    as_user, manager, agent, agent2, queue, other_queue, make_ticket
):
    customer = CustomerFactory()
    mine = make_ticket(subject="mine")
    mine.assignee = agent
    mine.save()
    theirs = make_ticket(subject="theirs", customer_id=customer.pk)
    theirs.assignee = agent2
    theirs.save()
    pending = set_status(make_ticket(subject="pending"), "pending")
    billing = make_ticket(subject="billing", queue=other_queue)
    client = as_user(manager)

    def ids(**params):
        return {r["id"] for r in client.get(URL, params).json()["results"]}

    assert ids(status="pending") == {pending.pk}
    assert ids(status="new,pending") == {mine.pk, theirs.pk, pending.pk, billing.pk}
    assert ids(queue=other_queue.pk) == {billing.pk}
    assert ids(assignee=agent2.pk) == {theirs.pk}
    assert ids(customer=customer.pk) == {theirs.pk}
    assert {r["id"] for r in as_user(agent).get(URL, {"mine": "true"}).json()["results"]} == {
        mine.pk
    }


@pytest.mark.django_db
def test_a_bad_filter_is_a_field_error(as_user, agent):
    response = as_user(agent).get(URL, {"status": "lost"})

    assert response.status_code == 400
    assert "status.0" in response.json()["fields"] or "status" in response.json()["fields"]


@pytest.mark.django_db
def test_the_detail_shows_the_thread_attachments_and_links(
    as_user, manager, agent, make_ticket, other_queue
):
    item = make_ticket(attachments=[png()])
    services.ticket_reply(ticket_id=item.pk, actor=fresh(agent), body="On it", attachments=[pdf()])
    services.ticket_note(ticket_id=item.pk, actor=fresh(agent), body="Check the ledger")
    related = make_ticket(subject="related")
    hidden = make_ticket(subject="secret", queue=other_queue)
    workitem_link(item_id=item.pk, target_id=related.pk, kind=LinkKind.RELATES, actor=manager)
    workitem_link(item_id=hidden.pk, target_id=item.pk, kind=LinkKind.CAUSED_BY, actor=manager)
    workitem_link(item_id=related.pk, target_id=item.pk, kind=LinkKind.RELATES, actor=manager)

    response = as_user(agent).get(f"{URL}{item.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert [(m["kind"], m["body"]) for m in body["messages"]] == [
        ("customer", "Please help."),
        ("public", "On it"),
        ("internal", "Check the ledger"),
    ]
    assert body["messages"][1]["author"]["id"] == agent.pk
    assert [a["filename"] for a in body["messages"][1]["attachments"]] == ["invoice.pdf"]
    assert [a["filename"] for a in body["attachments"]] == ["screenshot.png", "invoice.pdf"]
    attachment = body["attachments"][0]
    assert attachment["url"] == f"/api/v1/attachments/{attachment['id']}/"
    assert attachment["content_type"] == "image/png"
    assert len(attachment["sha256"]) == 64
    assert [(link["kind"], link["item"]["id"]) for link in body["links_out"]] == [
        ("relates", related.pk)
    ]
    # The link from another queue's ticket is not shown to an agent outside that queue.
    assert [(link["kind"], link["item"]["id"]) for link in body["links_in"]] == [
        ("relates", related.pk)
    ]
    assert WorkItemLink.objects.filter(target=item).count() == 2


@pytest.mark.django_db
def test_a_work_item_of_another_kind_is_not_a_ticket(as_user, manager, queue):
    chat = WorkItemFactory(queue=queue, kind="chat")

    response = as_user(manager).get(f"{URL}{chat.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _busy_ticket(make_ticket, agent, manager, n):
    item = make_ticket(attachments=[png()], tags=["a", "b"])
    for i in range(n):
        services.ticket_reply(
            ticket_id=item.pk, actor=fresh(agent), body=f"reply {i}", attachments=[pdf()]
        )
        services.ticket_note(ticket_id=item.pk, actor=fresh(agent), body=f"note {i}")
        other = make_ticket(subject=f"other {i}")
        workitem_link(item_id=item.pk, target_id=other.pk, kind="relates", actor=manager)
        workitem_link(item_id=other.pk, target_id=item.pk, kind="caused_by", actor=manager)
    return item


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["agent", "manager"])
def test_the_detail_costs_the_same_queries_for_a_short_and_a_long_thread(
    client_for, agent, manager, make_ticket, django_assert_num_queries, who
):
    client = client_for({"agent": agent, "manager": manager}[who])
    short = _busy_ticket(make_ticket, agent, manager, 1)
    long = _busy_ticket(make_ticket, agent, manager, 6)
    # session, user, roles, visible queues; the item with its joins, tags, messages, their
    # attachments, the ticket's attachments, links out, links in.
    expected = 11

    for item in (short, long):
        with django_assert_num_queries(expected):
            response = client.get(f"{URL}{item.pk}/")
        assert response.status_code == 200
    assert len(response.json()["messages"]) == 13
    assert len(response.json()["links_in"]) == 6


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["agent", "manager"])
def test_the_list_costs_the_same_queries_for_few_and_many_tickets(
    client_for, agent, manager, make_ticket, django_assert_num_queries, who
):
    client = client_for({"agent": agent, "manager": manager}[who])
    customer = CustomerFactory()
    # session, user, roles, visible queues (not for a manager), count, page ids, rows, tags
    expected = 7 if who == "manager" else 8

    def add(n):
        for i in range(n):
            item = make_ticket(subject=f"t{i}", tags=[f"tag{i}"], customer_id=customer.pk)
            item.assignee = agent
            item.save()

    add(2)
    with django_assert_num_queries(expected):
        few = client.get(URL)
    add(12)
    with django_assert_num_queries(expected):
        many = client.get(URL)

    assert few.json()["count"] == 2
    assert many.json()["count"] == 14
    assert all(row["customer"]["id"] == customer.pk for row in many.json()["results"])
