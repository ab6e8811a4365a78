"""Every list costs a fixed number of queries, however long it is."""

import pytest

from helpdesk.queues import services
from helpdesk.queues.models import CannedResponse, Category
from tests.factories import MembershipFactory, QueueFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def _grow_queues(n, manager):
    for _ in range(n):
        queue = QueueFactory()
        MembershipFactory(queue=queue, user=UserFactory(roles=["agent"]))
        MembershipFactory(queue=queue, user=UserFactory(roles=["agent"]))


def test_the_queue_list_with_members(client_for, manager, django_assert_num_queries):
    client = client_for(manager)
    _grow_queues(2, manager)
    # session, user, roles, count, page, memberships with users
    with django_assert_num_queries(6):
        first = client.get("/api/v1/queues/").json()
    _grow_queues(10, manager)
    with django_assert_num_queries(6):
        second = client.get("/api/v1/queues/").json()

    assert (first["count"], second["count"]) == (2, 12)
    assert len(second["results"][0]["memberships"]) == 2


def test_the_user_list(client_for, supervisor, django_assert_num_queries):
    client = client_for(supervisor)
    with django_assert_num_queries(6):  # session, user, roles, count, page, roles of the page
        client.get("/api/v1/users/")
    UserFactory.create_batch(20, roles=["agent", "complaint_handler"])
    with django_assert_num_queries(6):
        body = client.get("/api/v1/users/?role=agent").json()

    assert body["count"] == 20
    assert body["results"][0]["roles"] == ["agent", "complaint_handler"]


def test_the_canned_response_list(client_for, agent, queue, django_assert_num_queries):
    client = client_for(agent)
    CannedResponse.objects.create(queue=queue, title="Hello", body="Hi {{customer.name}}")
    # session, user, roles, visible queues, count, page
    with django_assert_num_queries(6):
        client.get("/api/v1/canned-responses/")
    for i in range(15):
        CannedResponse.objects.create(queue=queue if i % 2 else None, title=f"R{i}", body="x")
    with django_assert_num_queries(6):
        body = client.get("/api/v1/canned-responses/").json()

    assert body["count"] == 16


def test_the_category_list(client_for, agent, queue, django_assert_num_queries):
    client = client_for(agent)
    url = f"/api/v1/queues/{queue.pk}/categories/"
    Category.objects.create(name="Refunds", queue=queue)
    # session, user, roles, the queue, its members, count, page
    with django_assert_num_queries(7):
        client.get(url)
    for i in range(10):
        Category.objects.create(name=f"C{i}", queue=queue if i % 2 else None)
    with django_assert_num_queries(7):
        assert client.get(url).json()["count"] == 11


def test_the_history_of_an_item(client_for, agent, supervisor, queue, django_assert_num_queries):
    client = client_for(agent)
    item = WorkItemFactory(queue=queue)
    services.workitem_take(item_id=item.pk, user=agent)
    url = f"/api/v1/items/{item.pk}/events/"
    # session, user, roles, visible queues, the item, its tags, count, page with actors
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(5):
        services.workitem_release(item_id=item.pk, actor=supervisor)
        services.workitem_assign(item_id=item.pk, assignee=agent, actor=supervisor)
    with django_assert_num_queries(8):
        assert client.get(url).json()["count"] == 11
