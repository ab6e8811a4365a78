"""Caller matching (exact E.164 on customer phones) and the pop-up: the customer(s), their open
work and recent orders, every file shown audited as a read."""

import time

import pytest

from helpdesk.customers.models import CustomerAuditEntry
from helpdesk.hotline.models import Call
from helpdesk.hotline.popup import popup_data
from helpdesk.queues.models import Status
from orders.models import Order, Product
from tests.factories import CustomerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db

T0 = time.time() - 600


def _file(name, *phones):
    customer = CustomerFactory(name=name)
    for phone in phones:
        customer.contacts.create(kind="phone", value=phone)
    return customer


def _order(customer, reference, account="+8613800138000", status="succeeded"):
    product, _ = Product.objects.get_or_create(
        code="mobile-30",
        defaults={
            "operator": "china_mobile",
            "kind": "airtime",
            "name": "CM 30",
            "face_value": 3_000,
            "price": 2_990,
        },
    )
    return Order.objects.create(
        reference=reference,
        customer=customer,
        account=account,
        product=product,
        amount=3_000,
        price=2_990,
        status=status,
    )


def _ring(pbx, caller, **kwargs):
    response = pbx.new_call("c1", caller, at=T0, **kwargs)
    assert response.status_code == 200, response.content
    return Call.objects.select_related("item").get(pk=response.json()["call"])


@pytest.mark.parametrize("typed", ["13800138000", "+86 138-0013-8000", "8613800138000"])
def test_the_number_in_any_format_matches_the_stored_e164(pbx, typed):
    customer = _file("周杰", "+8613800138000")

    call = _ring(pbx, typed)

    assert list(call.matched_customers.all()) == [customer]
    assert call.item.customer == customer


def test_only_an_exact_number_matches(pbx):
    _file("Near", "+8613800138001")  # one digit off
    _file("Landline", "+861038001380")

    call = _ring(pbx, "13800138000")

    assert not call.matched_customers.exists()
    assert call.item.customer is None


def test_several_files_with_the_number_are_listed_and_none_is_chosen(pbx):
    a = _file("Alpha Ltd", "+8613800138000")
    b = _file("Beta Ltd", "+8613900139000", "+8613800138000")
    _file("Gamma Ltd", "+8613700137000")

    call = _ring(pbx, "13800138000")

    assert set(call.matched_customers.all()) == {a, b}
    assert call.item.customer is None


def test_the_popup_shows_the_customer_their_open_work_and_recent_orders(pbx, agent, queue):
    customer = _file("周杰", "+8613800138000")
    open_ticket = WorkItemFactory(queue=queue, customer=customer, subject="Refund?")
    WorkItemFactory(queue=queue, customer=customer, subject="Done", status=Status.RESOLVED)
    _order(customer, "R-OLD")
    _order(customer, "R-NEW", status="failed")
    _order(None, "R-ACCOUNT")  # a top-up of the caller's own number, no customer file

    call = _ring(pbx, "13800138000")
    data = popup_data(call_id=call.pk, user=agent)

    assert data["call"]["id"] == call.pk
    assert data["call"]["customer"] == {"id": customer.pk, "name": "周杰"}
    assert [(c["id"], c["primary_phone"]) for c in data["customers"]] == [
        (customer.pk, "+8613800138000")
    ]
    assert [i["id"] for i in data["open_items"]] == [open_ticket.pk]  # not the call itself
    assert [o["reference"] for o in data["recent_orders"]] == ["R-ACCOUNT", "R-NEW", "R-OLD"]
    assert data["recent_orders"][1]["status"] == "failed"


def test_the_popup_leaves_out_work_in_queues_the_agent_does_not_see(pbx, agent, queue, other_queue):
    customer = _file("周杰", "+8613800138000")
    WorkItemFactory(queue=other_queue, customer=customer, subject="Elsewhere")

    call = _ring(pbx, "13800138000")

    assert popup_data(call_id=call.pk, user=agent)["open_items"] == []


def test_ringing_an_agents_extension_audits_each_file_the_popup_shows_them(pbx, agent_on_8001):
    a = _file("Alpha Ltd", "+8613800138000")
    b = _file("Beta Ltd", "+8613800138000")

    call = _ring(pbx, "13800138000", agent="8001")

    rows = CustomerAuditEntry.objects.filter(actor=agent_on_8001, action="read")
    assert sorted(rows.values_list("customer_id", flat=True)) == sorted([a.pk, b.pk])
    assert all(r.detail == {"view": "hotline.popup", "call": call.pk} for r in rows)


def test_the_popup_endpoint_gives_the_same_and_audits_the_read(pbx, agent, client_for):
    customer = _file("周杰", "+8613800138000")
    call = _ring(pbx, "13800138000")

    response = client_for(agent).get(f"/api/v1/hotline/calls/{call.pk}/popup/")

    assert response.status_code == 200
    assert response.json()["customers"][0]["id"] == customer.pk
    entry = CustomerAuditEntry.objects.get(actor=agent)
    assert (entry.customer, entry.action) == (customer, "read")
    assert entry.ip_address == "127.0.0.1"


def test_an_outsider_gets_404_for_the_popup(pbx, outsider, client_for):
    _file("周杰", "+8613800138000")
    call = _ring(pbx, "13800138000")

    response = client_for(outsider).get(f"/api/v1/hotline/calls/{call.pk}/popup/")

    assert response.status_code == 404
    assert not CustomerAuditEntry.objects.filter(actor=outsider, action="read").exists()


def test_one_of_several_matches_can_be_chosen_for_the_call(pbx, agent, client_for):
    _file("Alpha Ltd", "+8613800138000")
    b = _file("Beta Ltd", "+8613800138000")
    call = _ring(pbx, "13800138000")
    pbx.hangup("c1", "no_answer", at=T0 + 30)  # a ring-back, with no customer yet

    response = client_for(agent).post(
        f"/api/v1/hotline/calls/{call.pk}/customer/", {"customer": b.pk}
    )

    assert response.status_code == 200, response.content
    assert response.json()["customer"] == {"id": b.pk, "name": "Beta Ltd"}
    call.refresh_from_db()
    assert call.ringback.item.customer == b
    # now the agent may open the file: the customer has work in their queue
    assert client_for(agent).get(f"/api/v1/customers/{b.pk}/").status_code == 200


def test_a_file_that_neither_matches_nor_is_open_to_the_agent_is_refused(pbx, agent, client_for):
    stranger = _file("Stranger", "+8613900139000")
    call = _ring(pbx, "13800138000")

    response = client_for(agent).post(
        f"/api/v1/hotline/calls/{call.pk}/customer/", {"customer": stranger.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "customer_not_found"
