"""Every read, search and export of a customer file leaves an audit row; so does a refusal."""

import pytest

from helpdesk.common.errors import NotFound
from helpdesk.customers.models import CustomerAuditEntry
from helpdesk.customers.selectors import customer_get_for_user


def only_audit_row():
    rows = list(CustomerAuditEntry.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.django_db
def test_opening_a_file_writes_a_read_row_with_actor_and_address(client_for, agent, customer):
    response = client_for(agent).get(f"/api/v1/customers/{customer.pk}/", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (agent, customer, "read")
    assert row.detail == {"view": "detail"}
    assert row.ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_opening_the_timeline_writes_a_read_row_for_the_timeline(client_for, agent, customer):
    client_for(agent).get(f"/api/v1/customers/{customer.pk}/timeline/")

    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (agent, customer, "read")
    assert row.detail == {"view": "timeline"}


@pytest.mark.django_db
def test_a_search_writes_one_row_with_the_query_however_many_files_match(
    client_for, manager, customer
):
    from tests.factories import CustomerFactory

    CustomerFactory.create_batch(3, name="Wang Lei")

    response = client_for(manager).get("/api/v1/customers/", {"q": "Wang"})

    assert response.json()["count"] == 4
    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (manager, None, "search")
    assert row.detail == {"q": "Wang"}


@pytest.mark.django_db
def test_exporting_a_file_writes_an_export_row(client_for, manager, customer):
    client_for(manager).get(f"/api/v1/customers/{customer.pk}/export/")

    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (manager, customer, "export")
    assert row.detail == {"format": "json", "work_items": 1}


@pytest.mark.django_db
def test_a_bulk_export_writes_one_row_with_the_count_and_the_query(client_for, manager, customer):
    response = client_for(manager).get("/api/v1/customers/export.csv", {"q": "wang"})
    b"".join(response.streaming_content)

    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (manager, None, "export")
    assert row.detail == {"format": "csv", "q": "wang", "count": 1}


@pytest.mark.django_db
def test_a_refused_read_writes_a_denied_row_naming_the_file(client_for, outsider, customer):
    response = client_for(outsider).get(
        f"/api/v1/customers/{customer.pk}/", REMOTE_ADDR="198.51.100.4"
    )

    assert response.status_code == 404
    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (outsider, customer, "denied")
    assert row.ip_address == "198.51.100.4"


@pytest.mark.django_db
def test_a_refused_timeline_writes_a_denied_row_and_no_read(client_for, outsider, customer):
    client_for(outsider).get(f"/api/v1/customers/{customer.pk}/timeline/")

    row = only_audit_row()
    assert (row.action, row.detail) == ("denied", {"customer_id": customer.pk, "view": "timeline"})


@pytest.mark.django_db
def test_probing_an_id_that_does_not_exist_is_recorded_too(client_for, outsider):
    client_for(outsider).get("/api/v1/customers/424242/")

    row = only_audit_row()
    assert (row.actor, row.customer, row.action) == (outsider, None, "denied")
    assert row.detail == {"customer_id": 424242}


@pytest.mark.django_db
def test_a_refused_change_is_recorded_as_denied_and_changes_nothing(client_for, outsider, customer):
    response = client_for(outsider).patch(
        f"/api/v1/customers/{customer.pk}/", {"name": "Hijacked"}, format="json"
    )

    assert response.status_code == 404
    customer.refresh_from_db()
    assert customer.name == "Wang Fang"
    assert only_audit_row().action == "denied"


@pytest.mark.django_db
def test_an_internal_lookup_applies_the_rule_without_a_read_row(agent, outsider, customer):
    assert customer_get_for_user(agent, customer.pk, audit=False) == customer
    assert not CustomerAuditEntry.objects.exists()

    with pytest.raises(NotFound):
        customer_get_for_user(outsider, customer.pk, audit=False)
    assert only_audit_row().action == "denied"


@pytest.mark.django_db
def test_attaching_a_customer_the_agent_may_not_open_to_an_item_is_refused(
    client_for, agent, queue, other_queue
):
    from tests.factories import CustomerFactory, WorkItemFactory

    secret = CustomerFactory(name="Secret")
    WorkItemFactory(queue=other_queue, customer=secret)
    item = WorkItemFactory(queue=queue)

    response = client_for(agent).patch(
        f"/api/v1/items/{item.pk}/", {"customer": secret.pk}, format="json"
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.customer_id is None
    assert only_audit_row().action == "denied"


# --- reading the audit -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_reads_the_audit_of_one_file_newest_first(client_for, manager, agent, customer):
    client_for(agent).get(f"/api/v1/customers/{customer.pk}/")
    client_for(agent).get(f"/api/v1/customers/{customer.pk}/timeline/")

    response = client_for(manager).get(f"/api/v1/customers/{customer.pk}/audit/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["actor"]["username"], r["action"], r["detail"]) for r in rows] == [
        ("agent", "read", {"view": "timeline"}),
        ("agent", "read", {"view": "detail"}),
    ]
    assert rows[0]["customer"] == {"id": customer.pk, "name": "Wang Fang"}


@pytest.mark.django_db
def test_the_audit_log_filters_by_actor_customer_and_action(
    client_for, manager, agent, outsider, customer
):
    client_for(agent).get(f"/api/v1/customers/{customer.pk}/")
    client_for(agent).get("/api/v1/customers/", {"q": "x"})
    client_for(outsider).get(f"/api/v1/customers/{customer.pk}/")
    log = client_for(manager)

    by_actor = log.get("/api/v1/customer-audit/", {"actor": agent.pk}).json()
    by_action = log.get("/api/v1/customer-audit/", {"action": "denied"}).json()
    by_customer = log.get(
        "/api/v1/customer-audit/", {"customer": customer.pk, "action": "read,search"}
    ).json()

    assert sorted(r["action"] for r in by_actor["results"]) == ["read", "search"]
    assert [r["actor"]["username"] for r in by_action["results"]] == ["outsider"]
    assert [(r["actor"]["username"], r["action"]) for r in by_customer["results"]] == [
        ("agent", "read")
    ]


@pytest.mark.django_db
def test_an_unknown_audit_action_is_a_bad_request(client_for, manager):
    response = client_for(manager).get("/api/v1/customer-audit/", {"action": "burgle"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["action.0"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "agent", "complaint_handler", "order_handler"])
def test_only_managers_read_the_audit(client_for, customer, role):
    from tests.factories import UserFactory

    user = UserFactory(roles=[role])

    one = client_for(user).get(f"/api/v1/customers/{customer.pk}/audit/")
    log = client_for(user).get("/api/v1/customer-audit/")

    assert (one.status_code, log.status_code) == (403, 403)


@pytest.mark.django_db
def test_the_audit_cannot_be_changed_or_deleted_in_the_admin(rf, customer, agent):
    from django.contrib.admin.sites import site

    from helpdesk.customers.models import CustomerAuditEntry as Entry

    model_admin = site._registry[Entry]
    request = rf.get("/")
    request.user = agent

    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
