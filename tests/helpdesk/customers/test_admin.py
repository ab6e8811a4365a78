"""Opening or changing a customer file in the admin is audited like the API."""

import pytest

from helpdesk.customers.models import CustomerAuditEntry
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    superuser = UserFactory(username="root", roles=["manager"], is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.user = superuser
    return client


@pytest.mark.django_db
def test_opening_a_file_in_the_admin_writes_a_read_row(admin_client, customer):
    response = admin_client.get(f"/admin/customers/customer/{customer.pk}/change/")

    assert response.status_code == 200
    row = CustomerAuditEntry.objects.get()
    assert (row.actor, row.customer, row.action, row.detail) == (
        admin_client.user,
        customer,
        "read",
        {"view": "admin"},
    )


@pytest.mark.django_db
def test_the_audit_list_opens_in_the_admin_read_only(admin_client, customer):
    CustomerAuditEntry.objects.create(customer=customer, action="read")

    listing = admin_client.get("/admin/customers/customerauditentry/")
    add = admin_client.get("/admin/customers/customerauditentry/add/")

    assert listing.status_code == 200
    assert add.status_code == 403
