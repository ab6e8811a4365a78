"""Customer-file fixtures: a customer with an item in ``queue``, and people around it."""

import pytest

from tests.factories import (
    ContactFactory,
    CustomerFactory,
    MembershipFactory,
    UserFactory,
    WorkItemFactory,
)


@pytest.fixture
def customer(queue):
    """Wang Fang, with a phone, an email and one ticket in the Support queue."""
    customer = CustomerFactory(name="Wang Fang", company="Sunrise Trading")
    ContactFactory(customer=customer, kind="phone", value="+8613800138000", is_primary=True)
    ContactFactory(customer=customer, kind="email", value="wang.fang@example.cn", is_primary=True)
    WorkItemFactory(queue=queue, customer=customer, subject="Recharge not received")
    return customer


@pytest.fixture
def custodian(db):
    """An agent in no queue at all, who keeps the customer's file."""
    return UserFactory(username="custodian", roles=["agent"])


@pytest.fixture
def complaint_handler(other_queue):
    user = UserFactory(username="complaints", roles=["complaint_handler"])
    MembershipFactory(queue=other_queue, user=user, role="complaint_handler")
    return user


@pytest.fixture
def order_handler(db):
    return UserFactory(username="orders", roles=["order_handler"])
