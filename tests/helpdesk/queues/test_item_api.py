"""Work-item command endpoints: take, assign, release, transfer, edit, link, history."""

import pytest

from helpdesk.queues.models import Category, EventVerb, Status, WorkItem, WorkItemLink
from tests.factories import CustomerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def test_take_then_history_shows_who_and_when(client_for, agent, queue):
    item = WorkItemFactory(queue=queue)
    client = client_for(agent)

    response = client.post(f"/api/v1/items/{item.pk}/take/")

    assert response.status_code == 200
    assert response.json()["assignee"]["id"] == agent.pk
    assert response.json()["status"] == "open"
    events = client.get(f"/api/v1/items/{item.pk}/events/").json()["results"]
    assert [(e["verb"], e["actor"]["username"]) for e in events] == [("taken", "agent")]


def test_taking_a_held_item_is_409_and_changes_nothing(client_for, agent, agent2, queue):
    item = WorkItemFactory(queue=queue, assignee=agent2, status=Status.OPEN)

    response = client_for(agent).post(f"/api/v1/items/{item.pk}/take/")

    assert response.status_code == 409
    assert response.json()["code"] == "already_assigned"
    assert WorkItem.objects.get(pk=item.pk).assignee == agent2


def test_supervisor_assigns_over_capacity_is_409(client_for, supervisor, agent, queue):
    queue.default_capacity = 1
    queue.save()
    WorkItemFactory(queue=queue, assignee=agent, status=Status.OPEN)
    item = WorkItemFactory(queue=queue)

    response = client_for(supervisor).post(
        f"/api/v1/items/{item.pk}/assign/", {"assignee": agent.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "over_capacity"
    assert WorkItem.objects.get(pk=item.pk).assignee is None
    assert not item.events.exists()


def test_assign_to_a_non_member_names_the_field(client_for, supervisor, outsider, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(supervisor).post(
        f"/api/v1/items/{item.pk}/assign/", {"assignee": outsider.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "assignee_not_member"
    assert "assignee" in response.json()["fields"]


def test_assign_with_a_wrong_type_is_400(client_for, supervisor, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(supervisor).post(f"/api/v1/items/{item.pk}/assign/", {"assignee": "bob"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {"assignee": ["A valid integer is required."]}


def test_an_agent_may_not_assign(client_for, agent, agent2, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(agent).post(f"/api/v1/items/{item.pk}/assign/", {"assignee": agent2.pk})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/api/v1/items/{id}/", None),
        ("patch", "/api/v1/items/{id}/", {"priority": 4}),
        ("get", "/api/v1/items/{id}/events/", None),
        ("post", "/api/v1/items/{id}/take/", None),
        ("post", "/api/v1/items/{id}/release/", {}),
        ("post", "/api/v1/items/{id}/transfer/", {"queue": 1, "reason": "x"}),
        ("post", "/api/v1/items/{id}/links/", {"target": 1}),
    ],
)
def test_an_outsider_gets_404_for_another_queues_item(
    client_for, outsider, queue, method, path, data
):
    item = WorkItemFactory(queue=queue, subject="secret")

    response = getattr(client_for(outsider), method)(path.format(id=item.pk), data)

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    assert "secret" not in response.content.decode()


def test_transfer_through_the_api(client_for, agent, queue, other_queue):
    item = WorkItemFactory(queue=queue, assignee=agent, status=Status.OPEN)

    response = client_for(agent).post(
        f"/api/v1/items/{item.pk}/transfer/", {"queue": other_queue.pk, "reason": "Billing"}
    )

    assert response.status_code == 200
    # The agent is not in Billing: they are told where it went, nothing more.
    assert response.json() == {"id": item.pk, "queue": other_queue.pk}
    assert WorkItem.objects.get(pk=item.pk).queue == other_queue


def test_transfer_to_an_unknown_queue_is_400(client_for, agent, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(agent).post(
        f"/api/v1/items/{item.pk}/transfer/", {"queue": 99999, "reason": "x"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "queue_not_found"


def test_edit_priority_category_tags_and_customer(client_for, agent, queue):
    item = WorkItemFactory(queue=queue)
    category = Category.objects.create(name="Refunds", queue=queue)
    customer = CustomerFactory(custodian=agent)  # a file the agent may open

    response = client_for(agent).patch(
        f"/api/v1/items/{item.pk}/",
        {
            "priority": 3,
            "category": category.pk,
            "tags": ["vip", "refund"],
            "customer": customer.pk,
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["priority"], body["category"]["name"], body["tags"]) == (
        3,
        "Refunds",
        ["refund", "vip"],
    )
    assert body["customer"]["id"] == customer.pk
    verbs = set(item.events.values_list("verb", flat=True))
    assert verbs == {EventVerb.PRIORITY_CHANGED, EventVerb.TAGGED, EventVerb.UPDATED}


def test_a_category_of_another_queue_is_refused(client_for, agent, queue, other_queue):
    item = WorkItemFactory(queue=queue)
    foreign = Category.objects.create(name="Invoices", queue=other_queue)

    response = client_for(agent).patch(f"/api/v1/items/{item.pk}/", {"category": foreign.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "category_not_in_queue"
    assert WorkItem.objects.get(pk=item.pk).category is None


def test_unknown_fields_in_an_edit_are_refused(client_for, agent, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(agent).patch(f"/api/v1/items/{item.pk}/", {"status": "closed"})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert WorkItem.objects.get(pk=item.pk).status == Status.NEW


def test_link_and_unlink_items(client_for, agent, queue):
    a, b = WorkItemFactory(queue=queue), WorkItemFactory(queue=queue)
    client = client_for(agent)

    created = client.post(f"/api/v1/items/{a.pk}/links/", {"target": b.pk, "kind": "duplicates"})
    again = client.post(f"/api/v1/items/{a.pk}/links/", {"target": b.pk})
    to_self = client.post(f"/api/v1/items/{a.pk}/links/", {"target": a.pk})

    assert created.status_code == 201
    assert again.status_code == 409
    assert to_self.json()["code"] == "link_self"
    assert client.delete(f"/api/v1/items/{a.pk}/links/{b.pk}/").status_code == 204
    assert not WorkItemLink.objects.exists()


def test_release_an_unassigned_item_is_409(client_for, agent, queue):
    item = WorkItemFactory(queue=queue)

    response = client_for(agent).post(f"/api/v1/items/{item.pk}/release/", {})

    assert response.status_code == 409
    assert response.json()["code"] == "not_assigned"
