"""Opening and changing customer files: normalised contacts, audited changes, custodians."""

import pytest

from helpdesk.customers.models import Customer, CustomerAuditEntry, CustomerContact
from tests.factories import ContactFactory, CustomerFactory, UserFactory

URL = "/api/v1/customers/"


def contacts_of(customer):
    return sorted(
        (c.kind, c.value, c.is_primary) for c in CustomerContact.objects.filter(customer=customer)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["138 0013 8000", "+86 138-0013-8000", "8613800138000", "13800138000"]
)
def test_a_new_file_stores_the_phone_in_e164(client_for, agent, typed):
    response = client_for(agent).post(
        URL,
        {"name": "Li Na", "contacts": [{"kind": "phone", "value": typed}]},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert [(c["kind"], c["value"], c["is_primary"]) for c in body["contacts"]] == [
        ("phone", "+8613800138000", True)
    ]


@pytest.mark.django_db
def test_a_new_file_stores_the_email_in_lower_case(client_for, agent):
    response = client_for(agent).post(
        URL,
        {"name": "Li Na", "contacts": [{"kind": "email", "value": "Li.Na@Example.CN"}]},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["contacts"][0]["value"] == "li.na@example.cn"


@pytest.mark.django_db
def test_an_invalid_phone_refuses_the_file_and_writes_nothing(client_for, agent):
    response = client_for(agent).post(
        URL,
        {
            "name": "Li Na",
            "contacts": [
                {"kind": "email", "value": "li.na@example.cn"},
                {"kind": "phone", "value": "12345"},
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_phone"
    assert list(body["fields"]) == ["contacts.1.value"]
    assert not Customer.objects.exists()
    assert not CustomerContact.objects.exists()
    assert not CustomerAuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_invalid_email_is_refused_with_its_own_code(client_for, agent):
    response = client_for(agent).post(
        URL, {"name": "Li Na", "contacts": [{"kind": "email", "value": "li.na@"}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_email"
    assert response.json()["fields"] == {"contacts.0.value": ["Enter a valid email address."]}
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_the_same_number_twice_in_one_file_is_refused(client_for, agent):
    response = client_for(agent).post(
        URL,
        {
            "name": "Li Na",
            "contacts": [
                {"kind": "phone", "value": "13800138000"},
                {"kind": "phone", "value": "+86 138 0013 8000"},
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_contact"
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_unknown_fields_are_refused(client_for, agent):
    response = client_for(agent).post(URL, {"name": "Li Na", "vip": True}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"


@pytest.mark.django_db
def test_creating_writes_a_create_row_and_makes_the_creator_custodian(client_for, order_handler):
    response = client_for(order_handler).post(
        URL,
        {
            "name": "Li Na",
            "company": "Li Trading",
            "credit_standing": "watch",
            "contacts": [{"kind": "phone", "value": "13800138000"}],
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["custodian"]["id"] == order_handler.pk
    row = CustomerAuditEntry.objects.get()
    assert (row.actor, row.action, row.customer_id) == (
        order_handler,
        "create",
        response.json()["id"],
    )
    assert row.detail["fields"]["credit_standing"] == "watch"
    assert row.detail["contacts"] == {"added": [{"kind": "phone", "value": "+8613800138000"}]}
    # ... so the creator can open what they just created
    assert client_for(order_handler).get(f"{URL}{response.json()['id']}/").status_code == 200


@pytest.mark.django_db
def test_an_agent_may_not_make_someone_else_custodian(client_for, agent, agent2):
    response = client_for(agent).post(URL, {"name": "Li Na", "custodian": agent2.pk}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "custodian_change_forbidden"
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_a_supervisor_hands_a_file_to_someone_else(client_for, supervisor, agent, customer):
    response = client_for(supervisor).patch(
        f"{URL}{customer.pk}/", {"custodian": agent.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["custodian"]["id"] == agent.pk
    row = CustomerAuditEntry.objects.get(action="update")
    assert row.detail["changes"] == {"custodian": {"from": None, "to": agent.pk}}


@pytest.mark.django_db
def test_an_agent_may_not_take_a_file_they_reach_through_their_queue(client_for, agent, customer):
    response = client_for(agent).patch(
        f"{URL}{customer.pk}/", {"custodian": agent.pk}, format="json"
    )

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.custodian_id is None


@pytest.mark.django_db
def test_an_unknown_custodian_is_refused(client_for, manager):
    response = client_for(manager).post(URL, {"name": "Li Na", "custodian": 999999}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_custodian"
    assert response.json()["fields"] == {"custodian": ["Unknown user."]}


@pytest.mark.django_db
def test_changing_fields_writes_an_update_row_with_old_and_new_values(client_for, agent, customer):
    response = client_for(agent).patch(
        f"{URL}{customer.pk}/",
        {"company": "Sunset Trading", "credit_standing": "hold", "notes": "Prefers calls."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["credit_standing_display"] == "On hold"
    row = CustomerAuditEntry.objects.get()
    assert (row.actor, row.customer, row.action) == (agent, customer, "update")
    assert row.detail["changes"] == {
        "company": {"from": "Sunrise Trading", "to": "Sunset Trading"},
        "credit_standing": {"from": "good", "to": "hold"},
        "notes": {"changed": True},
    }


@pytest.mark.django_db
def test_a_change_that_changes_nothing_writes_no_row(client_for, agent, customer):
    response = client_for(agent).patch(f"{URL}{customer.pk}/", {"name": "Wang Fang"}, format="json")

    assert response.status_code == 200
    assert not CustomerAuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_contacts_list_replaces_the_old_one(client_for, agent, customer):
    response = client_for(agent).patch(
        f"{URL}{customer.pk}/",
        {
            "contacts": [
                {"kind": "phone", "value": "+86 138 0013 8000"},
                {"kind": "phone", "value": "139 0013 9000", "is_primary": True, "label": "work"},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    assert contacts_of(customer) == [
        ("phone", "+8613800138000", False),
        ("phone", "+8613900139000", True),
    ]
    detail = CustomerAuditEntry.objects.get().detail["contacts"]
    assert detail == {
        "added": [{"kind": "phone", "value": "+8613900139000"}],
        "removed": [{"kind": "email", "value": "wang.fang@example.cn"}],
        "changed": [{"kind": "phone", "value": "+8613800138000"}],
    }


@pytest.mark.django_db
def test_an_invalid_phone_in_a_change_leaves_the_file_as_it_was(client_for, agent, customer):
    response = client_for(agent).patch(
        f"{URL}{customer.pk}/",
        {"name": "Renamed", "contacts": [{"kind": "phone", "value": "0000"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_phone"
    customer.refresh_from_db()
    assert customer.name == "Wang Fang"
    assert len(contacts_of(customer)) == 2
    assert not CustomerAuditEntry.objects.exists()


# --- contacts endpoints ---------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_a_contact_normalises_it_and_writes_an_update_row(client_for, agent, customer):
    response = client_for(agent).post(
        f"{URL}{customer.pk}/contacts/",
        {"kind": "phone", "value": "139-0013-9000", "label": "home"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["value"] == "+8613900139000"
    assert response.json()["is_primary"] is False
    row = CustomerAuditEntry.objects.get()
    assert row.detail["contacts"] == {"added": [{"kind": "phone", "value": "+8613900139000"}]}


@pytest.mark.django_db
def test_a_new_primary_contact_demotes_the_old_one(client_for, agent, customer):
    client_for(agent).post(
        f"{URL}{customer.pk}/contacts/",
        {"kind": "phone", "value": "13900139000", "is_primary": True},
        format="json",
    )

    assert contacts_of(customer) == [
        ("email", "wang.fang@example.cn", True),
        ("phone", "+8613800138000", False),
        ("phone", "+8613900139000", True),
    ]


@pytest.mark.django_db
def test_an_invalid_contact_is_refused_and_not_written(client_for, agent, customer):
    response = client_for(agent).post(
        f"{URL}{customer.pk}/contacts/", {"kind": "phone", "value": "abc"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_phone"
    assert response.json()["fields"] == {"value": ["Enter a valid phone number."]}
    assert len(contacts_of(customer)) == 2


@pytest.mark.django_db
def test_the_same_contact_twice_on_one_customer_is_a_conflict(client_for, agent, customer):
    response = client_for(agent).post(
        f"{URL}{customer.pk}/contacts/", {"kind": "phone", "value": "13800138000"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_contact"


@pytest.mark.django_db
def test_two_customers_may_share_a_phone(client_for, agent, customer):
    sibling = CustomerFactory(name="Wang Wei", custodian=agent)

    response = client_for(agent).post(
        f"{URL}{sibling.pk}/contacts/", {"kind": "phone", "value": "13800138000"}, format="json"
    )

    assert response.status_code == 201
    assert CustomerContact.objects.filter(value="+8613800138000").count() == 2


@pytest.mark.django_db
def test_removing_the_primary_phone_promotes_the_next_one(client_for, agent, customer):
    primary = customer.contacts.get(kind="phone")
    ContactFactory(customer=customer, kind="phone", value="+8613900139000")

    response = client_for(agent).delete(f"{URL}{customer.pk}/contacts/{primary.pk}/")

    assert response.status_code == 204
    assert contacts_of(customer) == [
        ("email", "wang.fang@example.cn", True),
        ("phone", "+8613900139000", True),
    ]
    row = CustomerAuditEntry.objects.get()
    assert row.detail["contacts"] == {"removed": [{"kind": "phone", "value": "+8613800138000"}]}


@pytest.mark.django_db
def test_a_contact_of_another_customer_cannot_be_removed_through_this_one(
    client_for, agent, customer
):
    other = CustomerFactory()
    contact = ContactFactory(customer=other)

    response = client_for(agent).delete(f"{URL}{customer.pk}/contacts/{contact.pk}/")

    assert response.status_code == 404
    assert CustomerContact.objects.filter(pk=contact.pk).exists()


@pytest.mark.django_db
def test_an_outsider_cannot_add_or_remove_contacts(client_for, outsider, customer):
    contact = customer.contacts.first()

    added = client_for(outsider).post(
        f"{URL}{customer.pk}/contacts/", {"kind": "phone", "value": "13900139000"}, format="json"
    )
    removed = client_for(outsider).delete(f"{URL}{customer.pk}/contacts/{contact.pk}/")

    assert (added.status_code, removed.status_code) == (404, 404)
    assert len(contacts_of(customer)) == 2
    assert list(CustomerAuditEntry.objects.values_list("action", flat=True)) == [
        "denied",
        "denied",
    ]


@pytest.mark.django_db
def test_writing_needs_the_write_permission(client_for, monkeypatch):
    from helpdesk.accounts import rbac

    monkeypatch.setitem(rbac.PERMISSION_ROLES, rbac.Perm.CUSTOMER_WRITE, frozenset({"manager"}))
    agent = UserFactory(roles=["agent"])

    response = client_for(agent).post(URL, {"name": "Li Na"}, format="json")

    assert response.status_code == 403
    assert not Customer.objects.exists()
