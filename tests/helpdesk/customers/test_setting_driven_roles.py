"""Who may read and export customer files are settings an operator can narrow without a release."""

import pytest

from helpdesk.common.errors import NotFound
from helpdesk.customers.models import CustomerAuditEntry
from helpdesk.customers.selectors import customer_get_for_user


@pytest.fixture
def managers_and_supervisors_only(settings):
    settings.CUSTOMER_FILE_READ_ROLES = ["manager", "supervisor"]


@pytest.mark.django_db
def test_a_role_left_out_of_the_read_roles_is_refused_everywhere(
    managers_and_supervisors_only, client_for, agent, customer
):
    client = client_for(agent)

    responses = [
        client.get(f"/api/v1/customers/{customer.pk}/"),
        client.get(f"/api/v1/customers/{customer.pk}/timeline/"),
        client.get("/api/v1/customers/", {"q": "wang"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert {r.json()["code"] for r in responses} == {"permission_denied"}
    assert not CustomerAuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_role_left_in_the_read_roles_still_reads(
    managers_and_supervisors_only, client_for, supervisor, customer
):
    response = client_for(supervisor).get(f"/api/v1/customers/{customer.pk}/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_internal_lookups_refuse_a_role_left_out_of_the_read_roles(
    managers_and_supervisors_only, agent, customer
):
    with pytest.raises(NotFound):
        customer_get_for_user(agent, customer.pk, audit=False)


@pytest.mark.django_db
def test_the_export_roles_can_be_widened_to_supervisors(settings, client_for, supervisor, customer):
    settings.CUSTOMER_FILE_EXPORT_ROLES = ["manager", "supervisor"]

    response = client_for(supervisor).get(f"/api/v1/customers/{customer.pk}/export/")

    assert response.status_code == 200
    assert CustomerAuditEntry.objects.get().action == "export"


@pytest.mark.django_db
def test_the_export_roles_can_be_narrowed_to_nobody(settings, client_for, manager, customer):
    settings.CUSTOMER_FILE_EXPORT_ROLES = []

    one = client_for(manager).get(f"/api/v1/customers/{customer.pk}/export/")
    bulk = client_for(manager).get("/api/v1/customers/export.csv")

    assert (one.status_code, bulk.status_code) == (403, 403)
    assert not CustomerAuditEntry.objects.exists()
