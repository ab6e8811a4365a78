"""The confidentiality rule as a matrix: who may open a customer file, on every read endpoint."""

import pytest

from helpdesk.customers.models import CustomerAuditEntry
from tests.factories import MembershipFactory, UserFactory

# (person, may open the file of a customer whose only item is in the Support queue)
MATRIX = [
    ("manager", True),
    ("supervisor", True),  # supervisor of Support
    ("supervisor_elsewhere", True),  # supervisors may open any file
    ("agent", True),  # agent of Support, where the customer's item is
    ("outsider", False),  # agent of Billing only
    ("custodian", True),  # agent in no queue, but keeps the file
    ("complaint_handler", False),  # complaint handler of Billing only
    ("complaint_handler_in_queue", True),
    ("order_handler", False),  # in no queue
]


@pytest.fixture
def person(request, customer, custodian, other_queue, queue):
    """The person named by the test's ``name`` parameter."""
    customer.custodian = custodian
    customer.save()

    def make(name):
        if name == "supervisor_elsewhere":
            user = UserFactory(username="sup2", roles=["supervisor"])
            MembershipFactory(queue=other_queue, user=user, role="supervisor")
            return user
        if name == "complaint_handler_in_queue":
            user = UserFactory(username="ch2", roles=["complaint_handler"])
            MembershipFactory(queue=queue, user=user, role="complaint_handler")
            return user
        return request.getfixturevalue(name)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("name,may_open", MATRIX)
def test_detail_opens_only_for_people_the_rule_admits(client_for, person, customer, name, may_open):
    user = person(name)

    response = client_for(user).get(f"/api/v1/customers/{customer.pk}/")

    if may_open:
        assert response.status_code == 200
        assert response.json()["name"] == "Wang Fang"
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert "Wang Fang" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name,may_open", MATRIX)
def test_timeline_opens_only_for_people_the_rule_admits(
    client_for, person, customer, name, may_open
):
    user = person(name)

    response = client_for(user).get(f"/api/v1/customers/{customer.pk}/timeline/")

    if may_open:
        assert response.status_code == 200
        subjects = [row["subject"] for row in response.json()["results"]]
        if name == "custodian":  # the item is in a queue the custodian does not work
            assert subjects == []
        else:
            assert subjects == ["Recharge not received"]
    else:
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name,may_open", MATRIX)
def test_search_lists_the_file_only_for_people_the_rule_admits(
    client_for, person, customer, name, may_open
):
    user = person(name)

    response = client_for(user).get("/api/v1/customers/", {"q": "wang"})

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([customer.pk] if may_open else [])


@pytest.mark.django_db
@pytest.mark.parametrize("name,may_open", MATRIX)
def test_export_follows_the_rule_when_every_role_may_export(
    settings, client_for, person, customer, name, may_open
):
    settings.CUSTOMER_FILE_EXPORT_ROLES = [
        "manager",
        "supervisor",
        "agent",
        "complaint_handler",
        "order_handler",
    ]
    user = person(name)

    response = client_for(user).get(f"/api/v1/customers/{customer.pk}/export/")

    assert response.status_code == (200 if may_open else 404)
    if may_open:
        assert response.json()["customer"]["name"] == "Wang Fang"


@pytest.mark.django_db
@pytest.mark.parametrize("name,may_open", MATRIX)
def test_export_by_default_is_for_managers_only(client_for, person, customer, name, may_open):
    user = person(name)

    one = client_for(user).get(f"/api/v1/customers/{customer.pk}/export/")
    bulk = client_for(user).get("/api/v1/customers/export.csv")

    expected = 200 if name == "manager" else 403
    assert (one.status_code, bulk.status_code) == (expected, expected)
    if expected == 403:
        assert one.json()["code"] == "permission_denied"
        assert not CustomerAuditEntry.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_an_agent_loses_the_file_when_the_customers_item_leaves_their_queue(
    client_for, agent, customer, other_queue
):
    customer.work_items.update(queue=other_queue)

    response = client_for(agent).get(f"/api/v1/customers/{customer.pk}/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_file_that_does_not_exist_is_not_found_for_a_manager(client_for, manager):
    response = client_for(manager).get("/api/v1/customers/999999/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_anonymous_callers_are_refused(api, customer):
    assert api.get(f"/api/v1/customers/{customer.pk}/").status_code == 401
    assert api.get("/api/v1/customers/").status_code == 401
