"""List endpoints cost the same number of queries whatever the page holds.

The client signs in by session, so every count starts with the session and the user (2), then the
user's roles (1) and, for people who are not leads, their queue memberships (1).
"""

import pytest

from helpdesk.customers.models import CustomerAuditEntry
from tests.factories import ContactFactory, CustomerFactory, WorkItemFactory


def customers_with_work(n, queue):
    for i in range(n):
        customer = CustomerFactory(name=f"Zhou {i}")
        ContactFactory(customer=customer, kind="phone", is_primary=True)
        ContactFactory(customer=customer, kind="email", value=f"zhou{i}@example.cn")
        WorkItemFactory(queue=queue, customer=customer)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_search_by_an_agent_costs_the_same_whatever_it_finds(
    client_for, agent, queue, n, django_assert_num_queries
):
    customers_with_work(n, queue)
    client = client_for(agent)

    # session, user, roles, queues, audit insert, count, page (primary contacts are subqueries)
    with django_assert_num_queries(7):
        response = client.get("/api/v1/customers/", {"q": "zhou"})

    assert response.json()["count"] == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_search_by_phone_costs_the_same(client_for, manager, queue, n, django_assert_num_queries):
    customers_with_work(n, queue)
    client = client_for(manager)

    # session, user, roles, audit insert, count, page
    with django_assert_num_queries(6):
        response = client.get("/api/v1/customers/", {"q": "138 00"})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_timeline_costs_the_same_however_many_items(
    client_for, agent, queue, customer, n, django_assert_num_queries
):
    for _ in range(n):
        WorkItemFactory(queue=queue, customer=customer)
    client = client_for(agent)

    # session, user, roles, queues, customer, contacts, audit insert, count, page, tags
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/customers/{customer.pk}/timeline/")

    assert response.json()["count"] == n + 1


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_detail_costs_the_same_however_many_contacts(
    client_for, manager, customer, n, django_assert_num_queries
):
    for _ in range(n):
        ContactFactory(customer=customer)
    client = client_for(manager)

    # session, user, roles, customer with custodian, contacts, audit insert
    with django_assert_num_queries(6):
        response = client.get(f"/api/v1/customers/{customer.pk}/")

    assert len(response.json()["contacts"]) == n + 2


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_audit_log_costs_the_same_however_many_rows(
    client_for, manager, agent, customer, n, django_assert_num_queries
):
    for _ in range(n):
        CustomerAuditEntry.objects.create(actor=agent, customer=customer, action="read")
    client = client_for(manager)

    # session, user, roles, count, page (actor and customer joined)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/customer-audit/")
    # session, user, roles, customer, contacts, count, page
    with django_assert_num_queries(7):
        client.get(f"/api/v1/customers/{customer.pk}/audit/")

    assert response.json()["count"] == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_csv_export_costs_the_same_for_one_chunk(
    client_for, manager, queue, n, django_assert_num_queries
):
    customers_with_work(n, queue)
    client = client_for(manager)

    # session, user, roles, count, audit insert, rows, contacts of the chunk
    with django_assert_num_queries(7):
        response = client.get("/api/v1/customers/export.csv")
        body = b"".join(response.streaming_content)

    assert body.count(b"\n") == n + 1
