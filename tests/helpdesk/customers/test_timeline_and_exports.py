"""The customer's timeline of work and the exports of files."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.queues.models import WorkItem
from tests.factories import ContactFactory, CustomerFactory, WorkItemFactory


def age(item, days):
    WorkItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def history(customer, queue, other_queue):
    """Besides the ticket in Support: an old chat in Support, a recent complaint in Billing."""
    chat = WorkItemFactory(queue=queue, customer=customer, kind="chat", subject="Old chat")
    complaint = WorkItemFactory(
        queue=other_queue, customer=customer, kind="complaint", subject="Complaint"
    )
    age(chat, 30)
    age(complaint, 1)
    WorkItemFactory(queue=queue, subject="Someone else's ticket")
    return chat, complaint


@pytest.mark.django_db
@pytest.mark.parametrize("lead", ["manager", "supervisor"])
def test_leads_see_every_item_of_the_customer_newest_first(request, client_for, history, lead):
    user = request.getfixturevalue(lead)
    customer_id = history[0].customer_id

    response = client_for(user).get(f"/api/v1/customers/{customer_id}/timeline/")

    rows = response.json()["results"]
    assert [(r["kind"], r["subject"]) for r in rows] == [
        ("ticket", "Recharge not received"),
        ("complaint", "Complaint"),
        ("chat", "Old chat"),
    ]
    assert rows[1]["queue"]["name"] == "Billing"


@pytest.mark.django_db
def test_an_agent_sees_only_the_customers_items_in_their_queues(client_for, agent, history):
    customer_id = history[0].customer_id

    response = client_for(agent).get(f"/api/v1/customers/{customer_id}/timeline/")

    assert [r["subject"] for r in response.json()["results"]] == [
        "Recharge not received",
        "Old chat",
    ]


@pytest.mark.django_db
def test_the_timeline_is_paginated(client_for, manager, history):
    customer_id = history[0].customer_id

    response = client_for(manager).get(
        f"/api/v1/customers/{customer_id}/timeline/", {"page_size": 2}
    )

    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 2


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_json_export_holds_the_file_its_contacts_and_its_work(client_for, manager, history):
    customer_id = history[0].customer_id

    response = client_for(manager).get(f"/api/v1/customers/{customer_id}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="customer-{customer_id}.json"'
    )
    body = response.json()
    assert body["customer"]["name"] == "Wang Fang"
    assert sorted(c["value"] for c in body["customer"]["contacts"]) == [
        "+8613800138000",
        "wang.fang@example.cn",
    ]
    assert [i["subject"] for i in body["work_items"]] == [
        "Recharge not received",
        "Complaint",
        "Old chat",
    ]


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_the_csv_export_has_one_row_per_matching_file_with_every_contact(
    client_for, manager, customer, custodian
):
    customer.custodian = custodian
    customer.save()
    ContactFactory(customer=customer, kind="phone", value="+8613900139000")
    CustomerFactory(name="Li Na", company="Elsewhere")

    rows = read_csv(client_for(manager).get("/api/v1/customers/export.csv", {"q": "wang"}))

    assert len(rows) == 1
    row = rows[0]
    assert {k: row[k] for k in ("id", "name", "company", "custodian", "phones", "emails")} == {
        "id": str(customer.pk),
        "name": "Wang Fang",
        "company": "Sunrise Trading",
        "custodian": "custodian",
        "phones": "+8613800138000; +8613900139000",
        "emails": "wang.fang@example.cn",
    }
    assert row["credit_standing"] == "good"


@pytest.mark.django_db
def test_the_csv_export_without_a_query_lists_every_file_in_name_order(client_for, manager):
    for name in ["王芳", "Li Na", "Chen Jie"]:
        CustomerFactory(name=name)

    rows = read_csv(client_for(manager).get("/api/v1/customers/export.csv"))

    assert [r["name"] for r in rows] == ["Chen Jie", "Li Na", "王芳"]


@pytest.mark.django_db
def test_the_csv_export_defuses_cells_a_spreadsheet_would_run(client_for, manager):
    CustomerFactory(name='=HYPERLINK("http://evil")', company="@SUM(A1)")

    rows = read_csv(client_for(manager).get("/api/v1/customers/export.csv"))

    assert rows[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["company"] == "'@SUM(A1)"


@pytest.mark.django_db
def test_the_csv_export_is_streamed_and_reads_files_chunk_by_chunk(
    client_for, manager, monkeypatch, django_assert_num_queries
):
    from helpdesk.customers import exports

    monkeypatch.setattr(exports, "CSV_CHUNK_SIZE", 2)
    for customer in CustomerFactory.create_batch(5):
        ContactFactory(customer=customer)

    response = client_for(manager).get("/api/v1/customers/export.csv")
    assert response.streaming

    # while streaming: the rows (one cursor), then the contacts of each of the 3 chunks
    with django_assert_num_queries(4):
        body = b"".join(response.streaming_content).decode("utf-8")

    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == 5
    assert all(row["phones"].startswith("+86") for row in rows)


@pytest.mark.django_db
def test_a_client_asking_only_for_csv_still_gets_it(client_for, manager, customer):
    response = client_for(manager).get("/api/v1/customers/export.csv", HTTP_ACCEPT="text/csv")

    assert len(read_csv(response)) == 1


@pytest.mark.django_db
def test_exports_of_a_file_the_user_may_not_open_are_not_found(
    settings, client_for, outsider, customer
):
    settings.CUSTOMER_FILE_EXPORT_ROLES = ["manager", "agent"]

    one = client_for(outsider).get(f"/api/v1/customers/{customer.pk}/export/")
    rows = read_csv(client_for(outsider).get("/api/v1/customers/export.csv"))

    assert one.status_code == 404
    assert rows == []
